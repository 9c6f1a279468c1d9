package berth.engine.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Restart policies in action: after a run ends it asks the container's {@link RestartRule}, counts the restart,
 * waits out the {@link RestartBackoff} delay and has the run lifecycle start the container again; a client's stop or
 * kill cancels that. While it waits the container is "restarting". When berthd starts, containers whose policy
 * asks for it and that are not running are started again (an unless-stopped one only if no client stopped it).
 */
final class RestartSupervisor {
    private static final System.Logger LOG = System.getLogger("berth.container");

    /**
     * Starts the container for its policy if it still rests in the exit of run {@code generation} and, asked under
     * the container's lock, {@code stillWanted} holds (no client stopped it meanwhile).
     */
    interface Restarter {
        void restart(String id, long generation, BooleanSupplier stillWanted);
    }

    private final ContainerRepository repo;
    private final ContainerLocks locks;
    private final StopMarks marks;
    private final Restarter restarter;
    private final Map<String, RestartBackoff> backoffs = new ConcurrentHashMap<>();
    /** Containers waiting out their delay, with the run whose exit they follow. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** Containers a client is stopping or has stopped: the exit that follows is final. */
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** berthd is shutting down: no restart starts any more (the next berthd decides at its start). */
    private volatile boolean closed;

    RestartSupervisor(ContainerRepository repo, ContainerLocks locks, StopMarks marks, Restarter restarter) {
        this.repo = repo;
        this.locks = locks;
        this.marks = marks;
        this.restarter = restarter;
    }

    /**
     * Called after the end of a run was recorded, outside the container's lock. Returns true when a restart is
     * scheduled (the container is then "restarting", and not removed for --rm).
     */
    boolean afterExit(ContainerRecord r, RuntimeState ended) {
        RestartRule rule = RestartRule.of(r.hostConfig());
        String id = r.id();
        if (rule.mode() == RestartRule.Mode.NO || stopping.contains(id)) return false;
        if (!rule.restarts(ended.exitCode(), marks.stoppedByUser(id), ended.restartCount())) return false;
        Duration delay;
        RestartBackoff backoff = backoffs.computeIfAbsent(id, k -> new RestartBackoff());
        synchronized (backoff) {
            delay = backoff.next(ranFor(ended));
        }
        long generation = ended.generation();
        // counted when decided, as Docker does: inspect shows the new count while the container is restarting
        boolean scheduled = locks.under(id, () -> {
            var row = repo.get(id);
            if (row.isEmpty() || locks.isRemoving(id) || stopping.contains(id)) return false;
            RuntimeState st = row.get().state();
            if (st.status() != ContainerStatus.EXITED || st.generation() != generation) return false;
            if (!repo.updateRun(id, generation, st.withRestartCount(st.restartCount() + 1))) return false;
            pending.put(id, generation);
            return true;
        });
        if (scheduled) Thread.ofVirtual().name("restart-" + r.shortId()).start(() -> restartAfter(id, generation, delay));
        return scheduled;
    }

    private void restartAfter(String id, long generation, Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            pending.remove(id, generation);
            return;
        }
        try {
            // still "restarting" while it starts; a stop meanwhile takes it out of pending, and the start then skips
            restarter.restart(id, generation, () -> !closed && pending.containsKey(id) && pending.get(id) == generation
                    && !stopping.contains(id));
        } catch (RuntimeException e) {
            // Docker gives up on a container whose restart fails: it stays exited, with the error recorded
            LOG.log(System.Logger.Level.WARNING, "restarting container " + id + ": " + e.getMessage());
        } finally {
            pending.remove(id, generation);
        }
    }

    private static Duration ranFor(RuntimeState ended) {
        try {
            return Duration.between(Instant.parse(ended.startedAt()), Instant.parse(ended.finishedAt()));
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /**
     * Whether the container waits out a restart delay (or is being started after one): Docker shows it as running
     * and "restarting". Views ask this only of a row that is not running.
     */
    boolean isRestarting(String id) {
        return pending.containsKey(id);
    }

    /**
     * A client stops or kills the container (stop, or kill with SIGKILL or its stop signal): no restart follows,
     * and unless-stopped keeps it stopped across berthd restarts. Returns true when a pending restart was cancelled.
     */
    boolean stopRequested(String id) {
        stopping.add(id);
        if (!marks.stoppedByUser(id)) marks.set(id, true);
        return pending.remove(id) != null;
    }

    /** A client starts the container: its policy applies afresh, with a new back-off. */
    void startRequested(String id) {
        stopping.remove(id);
        pending.remove(id);
        backoffs.remove(id);
        if (marks.stoppedByUser(id)) marks.set(id, false);
    }

    void close() {
        closed = true;
    }

    /** The container is removed. */
    void forget(String id) {
        stopping.remove(id);
        pending.remove(id);
        backoffs.remove(id);
    }

    /**
     * When berthd starts, after recovery: a container that ran before, is not running and whose policy asks for it
     * is started now (moby's restore), with its restart count as it is.
     */
    void atStartup(ContainerRepository.Row row) {
        RuntimeState st = row.state();
        String id = row.record().id();
        if (st.status() != ContainerStatus.EXITED || st.generation() == 0 || pending.containsKey(id)) return;
        RestartRule rule = RestartRule.of(row.record().hostConfig());
        if (!rule.restarts(st.exitCode(), marks.stoppedByUser(id), st.restartCount())) return;
        Thread.ofVirtual().name("restart-" + row.record().shortId()).start(() -> {
            try {
                restarter.restart(id, st.generation(), () -> !closed && !stopping.contains(id));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "starting container " + id + " at start-up: " + e.getMessage());
            }
        });
    }
}
