package berth.engine.container;

import berth.api.errors.NotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The exec instances berthd knows, by id. An ended exec stays inspectable for a while (the docker CLI reads its exit
 * code right after the stream ends); like dockerd's exec GC, ended ones older than {@link #KEEP_ENDED_MINUTES}
 * minutes, and those of removed containers, are dropped (swept at most once a second, by the creates).
 */
final class ExecStore {
    static final long KEEP_ENDED_MINUTES = 5;
    /** The sweep walks every exec; a busy container makes one every few ms, so it runs at most this often. */
    private static final long PURGE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Exec> execs = new ConcurrentHashMap<>();
    /** Per container, its execs that had not ended when last looked at: what inspect's ExecIDs is read from. */
    private final Map<String, Set<Exec>> unended = new ConcurrentHashMap<>();
    private final AtomicLong nextPurge = new AtomicLong(System.nanoTime());

    void add(Exec e) {
        execs.put(e.id(), e);
        unended.computeIfAbsent(e.containerId(), k -> ConcurrentHashMap.newKeySet()).add(e);
    }

    /** By full id or a unique prefix, as Docker's exec store resolves them. */
    Exec get(String idOrPrefix) {
        Exec e = execs.get(idOrPrefix);
        if (e != null) return e;
        Exec found = null;
        if (!idOrPrefix.isEmpty()) {
            for (Exec candidate : execs.values()) {
                if (!candidate.id().startsWith(idOrPrefix)) continue;
                if (found != null) throw new NotFoundException("No such exec instance: " + idOrPrefix);
                found = candidate;
            }
        }
        if (found == null) throw new NotFoundException("No such exec instance: " + idOrPrefix);
        return found;
    }

    /**
     * The container's execs that have not ended, as inspect's ExecIDs lists them (null when none, as Docker). Reads
     * only the container's unended set, dropping the execs that ended since: not every exec the store keeps.
     */
    List<String> liveIds(String containerId) {
        Set<Exec> candidates = unended.get(containerId);
        if (candidates == null) return null;
        candidates.removeIf(e -> !e.live());
        List<String> ids = candidates.stream().map(Exec::id).sorted().toList();
        return ids.isEmpty() ? null : ids;
    }

    /** Drops ended execs older than the horizon and those of removed containers; at most once a second. */
    void purge(Predicate<String> containerExists) {
        long now = System.nanoTime();
        long due = nextPurge.get();
        if (now - due < 0 || !nextPurge.compareAndSet(due, now + PURGE_INTERVAL_NANOS)) return;
        long horizon = now - TimeUnit.MINUTES.toNanos(KEEP_ENDED_MINUTES);
        // asked once per container, not once per exec: a busy container keeps hundreds of recent execs
        Map<String, Boolean> exists = new HashMap<>();
        execs.values().removeIf(e -> e.endedBefore(horizon)
                || !exists.computeIfAbsent(e.containerId(), containerExists::test));
        unended.keySet().removeIf(id -> !exists.computeIfAbsent(id, containerExists::test));
    }
}
