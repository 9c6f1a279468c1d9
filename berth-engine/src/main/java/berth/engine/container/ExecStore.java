package berth.engine.container;

import berth.api.errors.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The exec instances berthd knows, by id. An ended exec stays inspectable for a while (the docker CLI reads its exit
 * code right after the stream ends); like dockerd's exec GC, ended ones older than {@link #KEEP_ENDED_MINUTES}
 * minutes, and those of removed containers, are dropped.
 */
final class ExecStore {
    static final long KEEP_ENDED_MINUTES = 5;

    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    void add(Exec e) {
        execs.put(e.id(), e);
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

    /** The container's execs that have not ended, as inspect's ExecIDs lists them (null when none, as Docker). */
    List<String> liveIds(String containerId) {
        List<String> ids = execs.values().stream().filter(e -> e.containerId().equals(containerId) && e.live())
                .map(Exec::id).sorted().toList();
        return ids.isEmpty() ? null : ids;
    }

    void purge(java.util.function.Predicate<String> containerExists) {
        long horizon = System.nanoTime() - TimeUnit.MINUTES.toNanos(KEEP_ENDED_MINUTES);
        // asked once per container, not once per exec: a busy container keeps hundreds of recent execs
        Map<String, Boolean> exists = new java.util.HashMap<>();
        execs.values().removeIf(e -> e.endedBefore(horizon)
                || !exists.computeIfAbsent(e.containerId(), containerExists::test));
    }
}
