package berth.engine.container;

import berth.api.model.Health;
import berth.api.model.HealthcheckResult;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One monitor per running container that has a health check: a virtual thread that runs the check every interval
 * (the start interval while still starting inside the start period), records each result in the container's
 * {@link HealthState} and publishes {@code health_status: <status>} when the status changes. A run's end stops its
 * monitor; the state stays for inspect until the next run starts. Every change is kept in {@link HealthStore}: when
 * berthd starts again, running containers resume their checks where they were (status, streak and log, as dockerd
 * restores them) and stopped ones show their last state (all read into memory when berthd starts).
 */
final class HealthMonitors implements AutoCloseable {
    private final HealthProbe probe;
    private final ContainerEvents events;
    private final ContainerRepository repo;
    private final HealthStore store;
    private final Map<String, HealthState> states = new ConcurrentHashMap<>();
    private final Map<String, Thread> monitors = new ConcurrentHashMap<>();

    HealthMonitors(HealthProbe probe, ContainerEvents events, ContainerRepository repo, HealthStore store) {
        this.probe = probe;
        this.events = events;
        this.repo = repo;
        this.store = store;
        store.loadAll().forEach((id, kept) -> states.put(id, new HealthState(kept)));
    }

    /** A run of {@code r} started at {@code run.startedAt()}: monitor it if it has a health check. */
    void started(ContainerRecord r, RuntimeState run) {
        monitor(r, run, true);
    }

    /** berthd started again while {@code r}'s run went on: its checks go on from the state they had. */
    void resumed(ContainerRecord r, RuntimeState run) {
        monitor(r, run, false);
    }

    private void monitor(ContainerRecord r, RuntimeState run, boolean newRun) {
        Optional<HealthSpec> spec = HealthSpec.of(r.config());
        if (spec.isEmpty()) {
            forget(r.id());
            return;
        }
        HealthState state = states.computeIfAbsent(r.id(), k -> new HealthState());
        if (newRun) state.restart();
        store.save(r.id(), state.view());
        Instant startedAt = run.startedAt() == null ? Instant.now() : Instant.parse(run.startedAt());
        Thread monitor = Thread.ofVirtual().name("health-" + r.shortId())
                .unstarted(() -> monitor(r, spec.get(), state, startedAt));
        Thread old = monitors.put(r.id(), monitor);
        if (old != null) old.interrupt();
        monitor.start();
    }

    /** The run ended: its monitor stops (a probe under way is killed and its result dropped). */
    void ended(String id) {
        Thread t = monitors.remove(id);
        if (t != null) t.interrupt();
    }

    void forget(String id) {
        ended(id);
        states.remove(id);
        store.delete(id);
    }

    Optional<Health> health(String id) {
        return Optional.ofNullable(states.get(id)).map(HealthState::view);
    }

    /** "starting", "healthy", "unhealthy", or "none" for a container without a check. */
    String status(String id) {
        HealthState s = states.get(id);
        return s == null ? "none" : s.status();
    }

    /** ps's suffix to "Up …", or null. */
    String suffix(String id) {
        HealthState s = states.get(id);
        return s == null ? null : s.suffix();
    }

    private void monitor(ContainerRecord r, HealthSpec spec, HealthState state, Instant startedAt) {
        String id = r.id();
        try {
            while (current(id)) {
                Thread.sleep(interval(spec, state, startedAt));
                HealthcheckResult result = probe.probe(id, spec.command(), spec.timeout());
                // a result that arrives after the run ended, or after a newer run started, is dropped
                if (!current(id)) return;
                String changed = state.record(result, startedAt, spec.startPeriod(), spec.retries());
                store.save(id, state.view());
                // under its current name: it may have been renamed since it started
                if (changed != null) {
                    events.publish(repo.get(id).map(ContainerRepository.Row::record).orElse(r), "health_status: " + changed);
                }
            }
        } catch (InterruptedException | InterruptedIOException e) {
            // the run ended
        }
    }

    private boolean current(String id) {
        return monitors.get(id) == Thread.currentThread() && !Thread.currentThread().isInterrupted();
    }

    private static Duration interval(HealthSpec spec, HealthState state, Instant startedAt) {
        boolean inStartPeriod = Duration.between(startedAt, Instant.now()).compareTo(spec.startPeriod()) < 0;
        return inStartPeriod && state.status().equals(HealthState.STARTING) ? spec.startInterval() : spec.interval();
    }

    @Override
    public void close() {
        for (String id : monitors.keySet()) ended(id);
    }
}
