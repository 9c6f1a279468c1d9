package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.DataLossException;
import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.errors.NotModifiedException;
import berth.api.model.ContainerConfig;
import berth.api.model.WaitResponse;
import berth.engine.layer.DamagedLayerException;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ExitWatcher;
import berth.engine.sys.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The state machine of a container's runs: start, exit, stop, kill, restart. Each start is a new run (a generation);
 * every step names the run it acts on, so that a late notice about run N never touches run N+1. Steps that change a
 * run hold the container's lock; waits for a process to exit never do.
 */
final class RunLifecycle {
    /** How long a failed start waits for its conmon to go, and a SIGKILLed container to exit. */
    static final long FAILED_CONMON_WAIT_MILLIS = 5_000;
    static final int KILL_WAIT_SECONDS = 30;
    /** How long an exit waits for attached clients to receive the last output (dockerd waits 2 s as well). */
    static final java.time.Duration ATTACH_DRAIN = java.time.Duration.ofSeconds(2);

    private final ContainerRepository repo;
    private final ContainerLayouts layouts;
    private final ContainerLocks locks;
    private final ContainerEvents events;
    private final RuntimeCleanup cleanup;
    private final ContainerStarter starter;
    private final Attacher attacher;
    private final Waiters waiters;
    private final ExitWatcher exits;
    private final String bootId;
    /** Removes a container whose run ended and that asked for it (--rm); never throws. */
    private final Consumer<String> autoRemove;
    // set once, right after construction and before the service publishes this lifecycle to the exit watcher
    private volatile RestartSupervisor restarts;
    private volatile HealthMonitors health;
    private final ContainerPauses pauses;

    RunLifecycle(ContainerRepository repo, ContainerLayouts layouts, ContainerLocks locks, ContainerEvents events,
                 RuntimeCleanup cleanup, ContainerStarter starter, Attacher attacher, Waiters waiters,
                 ExitWatcher exits, String bootId, Consumer<String> autoRemove, ContainerPauses pauses) {
        this.repo = repo;
        this.layouts = layouts;
        this.locks = locks;
        this.events = events;
        this.cleanup = cleanup;
        this.starter = starter;
        this.attacher = attacher;
        this.waiters = waiters;
        this.exits = exits;
        this.bootId = bootId;
        this.autoRemove = autoRemove;
        this.pauses = pauses;
    }

    /** Wires the parts that act after a run starts or ends (restart policies, health checks). */
    void supervise(RestartSupervisor restarts, HealthMonitors health) {
        this.restarts = restarts;
        this.health = health;
    }

    private static String now() {
        return Instant.now().toString();
    }

    // ---- start ----

    void start(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        ContainerRepository.Row started = locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (locks.isRemoving(id) || row.state().status() == ContainerStatus.REMOVING) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
            if (pauses.isPaused(row)) throw new ConflictException("cannot start a paused container, try unpause instead");
            // waiting to be restarted counts as running, as in Docker: the policy's restart comes as planned
            if (row.state().isRunning() || restarts.isRestarting(id)) {
                throw new NotModifiedException("container already started");
            }
            restarts.startRequested(id);
            return new ContainerRepository.Row(row.record(), startLocked(row, false));
        });
        health.started(started.record(), started.state());
    }

    /**
     * A start for the container's restart policy: only if it still rests in the exit of run {@code generation}
     * (a client's start, stop or removal meanwhile wins). The restart count stays as the policy set it.
     */
    void restartByPolicy(String id, long generation, java.util.function.BooleanSupplier stillWanted) {
        ContainerRepository.Row started = locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElse(null);
            if (row == null || locks.isRemoving(id) || row.state().status() != ContainerStatus.EXITED
                    || row.state().generation() != generation || !stillWanted.getAsBoolean()) {
                return null;
            }
            return new ContainerRepository.Row(row.record(), startLocked(row, true));
        });
        if (started != null) health.started(started.record(), started.state());
    }

    /** Under the lock: starts a new run; a client's start (not a policy's) sets the restart count back to 0. */
    private RuntimeState startLocked(ContainerRepository.Row row, boolean byPolicy) {
        ContainerRecord r = row.record();
        ContainerLayout l = layouts.of(r.id());
        cleanup.awaitPendingDelete(r.id());
        cleanup.clearExitFile(r.id());
        ContainerStarter.Started process;
        try {
            process = starter.start(r, l);
        } catch (Conmon.ConmonException e) {
            failStart(r, l, e.getMessage(), ProcessSpecs.exitCodeOf(e.getMessage()));
            throw ProcessSpecs.startError(e.getMessage());
        } catch (EngineException e) {
            failStart(r, l, e.getMessage(), 128);
            throw e;
        } catch (DamagedLayerException e) {
            failStart(r, l, e.getMessage(), 128);
            throw new DataLossException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            failStart(r, l, String.valueOf(e.getMessage()), 128);
            throw new InternalException("starting container " + r.id() + ": " + e.getMessage(), e);
        }
        RuntimeState base = byPolicy ? row.state() : row.state().withRestartCount(0);
        RuntimeState running = base.running(process.pid(), process.startTime(), bootId, now());
        repo.updateState(r.id(), running);
        events.publish(r, "start");
        return running;
    }

    /**
     * Docker's rule for a start that failed: the container stays as it was (created, or exited from its last run),
     * with the exit code (127/126, else 128 unless an earlier run left one) and the error recorded; its mounts and
     * runc state are undone, and its conmon is given time to go, so that no exit of this attempt arrives later.
     */
    private void failStart(ContainerRecord r, ContainerLayout l, String message, int code) {
        cleanup.cleanup(r.id(), l);
        starter.mounts().released(r.id(), false);
        RunProcess.awaitConmonGone(l, FAILED_CONMON_WAIT_MILLIS);
        cleanup.clearExitFile(r.id());
        RuntimeState st = repo.get(r.id()).map(ContainerRepository.Row::state).orElse(RuntimeState.creating());
        int recorded = code == 128 && st.exitCode() != 0 ? st.exitCode() : code;
        repo.updateState(r.id(), st.startFailed(recorded, message));
        attacher.abandonAll(r.id());
        if (r.hostConfig().isAutoRemove()) Thread.ofVirtual().start(() -> autoRemove.accept(r.id()));
    }

    // ---- exit ----

    /** An exit file appeared (the watcher): it is acted on only if the current run's process is really gone. */
    void onExit(String id) {
        attacher.awaitDrained(id, ATTACH_DRAIN);
        reconcile(id, -1);
    }

    /**
     * Brings a running row in line with its process: if the run's process is gone, records its exit with conmon's
     * code. {@code generation} >= 0 limits this to that run (the sweep, stop); -1 means whichever run is current
     * (an exit file, which does not say which run wrote it). A notice about an earlier run finds the current run's
     * process alive and does nothing; a duplicate finds the row no longer running.
     */
    void reconcile(String id, long generation) {
        ContainerRepository.Row ended = locks.under(id, () -> {
            var found = repo.get(id);
            if (found.isEmpty()) return null;
            ContainerRepository.Row row = found.get();
            RuntimeState st = row.state();
            if (!st.isRunning()) {
                // a stale file (an earlier run's, recorded already); no start is under way while we hold the lock
                if (generation < 0) cleanup.clearExitFile(id);
                return null;
            }
            if (generation >= 0 && st.generation() != generation) return null;
            ContainerLayout l = layouts.of(id);
            if (RunProcess.alive(st, bootId, l)) return null;
            Integer code = exits.exitCode(id);
            if (code == null) {
                // conmon reaps the process and then writes the exit file: wait for that, unless conmon is gone too
                if (RunProcess.conmonOf(st, l).isPresent()) return null;
                code = RunProcess.persistedExit(l);
            }
            RuntimeState exited = recordExit(row, code);
            return exited == null ? null : new ContainerRepository.Row(row.record(), exited);
        });
        if (ended == null) return;
        health.ended(id);
        boolean again = restarts.afterExit(ended.record(), ended.state());
        if (!again && ended.record().hostConfig().isAutoRemove()) autoRemove.accept(id);
    }

    /** Under the container's lock: the run of {@code row} ended with {@code code}; null if it was recorded already. */
    private RuntimeState recordExit(ContainerRepository.Row row, int code) {
        String id = row.record().id();
        ContainerLayout l = layouts.of(id);
        // conmon's OOM file, or the cgroup's own counter, read before runc delete removes the cgroup
        boolean oom = Files.exists(l.persist().resolve("oom"))
                || berth.engine.cgroup.OomCounter.kills(berth.engine.cgroup.CgroupMounts.host(), id) > 0;
        RuntimeState exited = row.state().exited(code, now(), oom, "");
        if (!repo.updateRun(id, row.state().generation(), exited)) return null;
        if (oom) events.publish(row.record(), "oom");
        events.publish(row.record(), "die", Map.of("exitCode", String.valueOf(code)));
        attacher.abandonAll(id);
        waiters.exited(id, code);
        // after the waiters, to report the exit without the unmount's few ms; still under the lock, so that a
        // new start or a removal finds the rootfs unmounted
        cleanup.cleanup(id, l);
        starter.mounts().released(id, true);
        return exited;
    }

    /**
     * After a reboot no process of an earlier boot exists: the run is over, nothing is signalled (its pid may name
     * anything now), and its runtime state is dropped without asking runc, so that the container can start again.
     */
    void endedByReboot(ContainerRepository.Row row) {
        String id = row.record().id();
        locks.under(id, () -> {
            ContainerLayout l = layouts.of(id);
            int code = RunProcess.persistedExit(l);
            if (!repo.updateRun(id, row.state().generation(), row.state().exited(code, now(), false, ""))) return;
            cleanup.forget(id, l);
            events.publish(row.record(), "die", Map.of("exitCode", String.valueOf(code)));
            starter.mounts().released(id, true);
            waiters.exited(id, code);
        });
    }

    // ---- signals: stop, kill, restart ----

    /** The run a signal went to, and a waiter for its exit registered before the signal was sent. */
    private record Signalled(long generation, boolean delivered, CompletableFuture<WaitResponse> exited) {}

    /**
     * Under the lock (never held while waiting): signals the current run, or returns null when there is none. The
     * waiter is registered first, so that an exit right after the signal still completes it.
     */
    private Signalled signalCurrentRun(String id, int sig, long onlyGeneration) {
        return locks.under(id, () -> {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(id));
            RuntimeState st = row.state();
            if (!st.isRunning() || (onlyGeneration >= 0 && st.generation() != onlyGeneration)) return null;
            CompletableFuture<WaitResponse> exited = waiters.add(id, ContainerService.WaitCondition.NEXT_EXIT);
            boolean delivered;
            try {
                delivered = RunProcess.signal(st, bootId, layouts.of(id), sig);
            } catch (IOException e) {
                throw new InternalException("signalling container " + id + ": " + e.getMessage(), e);
            }
            // a frozen process acts on no signal: thaw it once its stop or kill signal is pending, as Docker does
            if (delivered) pauses.thawAfter(row, sig);
            return new Signalled(st.generation(), delivered, exited);
        });
    }

    private static int parseSignal(String signal, String fallback) {
        try {
            return Signals.parse(signal == null || signal.isEmpty() ? fallback : signal);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        ContainerConfig c = row.record().config();
        int sig = parseSignal(signal, c.stopSignal() != null && !c.stopSignal().isEmpty() ? c.stopSignal() : "TERM");
        int timeout = timeoutSeconds != null ? timeoutSeconds : c.stopTimeout() != null ? c.stopTimeout() : 10;
        String id = row.record().id();
        if (!isRunning(id) && !restarts.isRestarting(id)) throw new NotModifiedException("container already stopped");
        // a stop ends restarting: no restart follows this exit, and a pending one is called off
        boolean cancelled = restarts.stopRequested(id);
        if (!stopRun(id, sig, timeout) && !cancelled) throw new NotModifiedException("container already stopped");
    }

    /**
     * Stops the current run: its stop signal, then SIGKILL after {@code timeoutSeconds}; a negative timeout waits
     * for the exit however long it takes, as Docker's {@code stop -t -1} does. Returns false when no run was going.
     * The lock is held only to signal; the waits are lock-free, so that the exit (which needs the lock) can be
     * recorded meanwhile.
     */
    boolean stopRun(String id, int sig, int timeoutSeconds) {
        Signalled s = signalCurrentRun(id, sig, -1);
        if (s == null) return false;
        if (!s.delivered()) {
            // the run's process is gone already (exited on its own, or its pid now names another process)
            awaitExit(id, s, Math.max(timeoutSeconds, 1));
            return true;
        }
        Signalled kill = s;
        if (sig != 9) {
            if (timeoutSeconds < 0 && Waiters.awaitForever(s.exited())) return true;
            if (timeoutSeconds >= 0 && Waiters.await(s.exited(), timeoutSeconds)) return true;
            kill = signalCurrentRun(id, 9, s.generation());
            if (kill == null) return true;
        }
        if (!awaitExit(id, kill, KILL_WAIT_SECONDS)) {
            throw new InternalException("container " + id + " did not exit within " + KILL_WAIT_SECONDS
                    + " s of SIGKILL", null);
        }
        return true;
    }

    /** Waits for the run's exit; a process gone without a notice is reconciled directly. True once it ended. */
    private boolean awaitExit(String id, Signalled s, int seconds) {
        if (Waiters.await(s.exited(), seconds)) return true;
        reconcile(id, s.generation());
        return s.exited().isDone() || repo.get(id)
                .map(r -> !r.state().isRunning() || r.state().generation() != s.generation())
                .orElse(true);
    }

    boolean isPaused(ContainerRepository.Row row) {
        return pauses.isPaused(row);
    }

    boolean isRunning(String id) {
        return repo.get(id).map(r -> r.state().isRunning()).orElse(false);
    }

    /**
     * Docker's restart: stop the run if one is going, then start a new one. A concurrent start that got there first
     * is as good as ours; a concurrent removal ends it with 404 or 409.
     */
    void restart(String nameOrId, Integer timeoutSeconds, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        try {
            stop(id, timeoutSeconds, signal);
        } catch (NotModifiedException e) {
            // not running: just start it
        }
        try {
            start(id);
        } catch (NotModifiedException e) {
            // started by someone else meanwhile
        }
        events.publish(row.record(), "restart");
    }

    void kill(String nameOrId, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        int sig = parseSignal(signal, "KILL");
        ContainerConfig c = row.record().config();
        int stopSignal = parseSignal(c.stopSignal(), "TERM");
        // SIGKILL or the container's stop signal is a stop: it ends restarting (moby's ExitOnNext)
        boolean stopLike = sig == 9 || sig == stopSignal;
        // Under the lock, which a policy restart holds while it starts: either the new run is up (and signalled
        // below) or the restart sees the stop and does not happen. A container waiting to restart has no process:
        // as in Docker, the signal is then not sent, and a stop-like one calls the restart off.
        boolean waitingToRestart = locks.under(id, () -> {
            boolean waiting = !isRunning(id) && restarts.isRestarting(id);
            if (stopLike && (waiting || isRunning(id))) restarts.stopRequested(id);
            return waiting;
        });
        if (waitingToRestart) return;
        Signalled s = signalCurrentRun(id, sig, -1);
        if (s == null || !s.delivered()) {
            throw new ConflictException("Cannot kill container: " + nameOrId + ": container " + id + " is not running");
        }
        events.publish(row.record(), "kill", Map.of("signal", String.valueOf(sig)));
        if (sig == 9) awaitExit(id, s, 10);
    }

    String bootId() {
        return bootId;
    }
}
