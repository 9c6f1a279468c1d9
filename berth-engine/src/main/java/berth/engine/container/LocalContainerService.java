package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.errors.NotModifiedException;
import berth.api.model.ContainerConfig;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.IdResponse;
import berth.api.model.LogConfig;
import berth.api.model.WaitResponse;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ExitWatcher;
import berth.engine.runtime.Runc;
import berth.engine.layer.Trees;
import berth.engine.sys.BootId;
import berth.engine.sys.Signals;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The container life cycle. One lock per container serialises start, exit handling, stop and removal; conmon is
 * each container's parent, so a container outlives berthd and {@link #recover} picks it up again.
 */
final class LocalContainerService implements ContainerService, AutoCloseable {
    private final ContainerRepository repo;
    private final ImageStore images;
    private final EventService events;
    private final Path containersDir;
    private final Path execRoot;
    private final ExitWatcher exits;
    private final RuntimeCleanup cleanup;
    private final Attacher attacher = new Attacher();
    private final ContainerStarter starter;
    private final ContainerCreator creator;
    private final ContainerLogs logs;
    private final Waiters waiters = new Waiters();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Containers whose removal is under way: no start gets through, a second removal is refused. */
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    private final String bootId;
    private final Duration sweepInterval;
    private volatile boolean closed;

    /** How long a failed start waits for its conmon to go, and a SIGKILLed container to exit. */
    static final long FAILED_CONMON_WAIT_MILLIS = 5_000;
    static final int KILL_WAIT_SECONDS = 30;
    /** The exit sweep's period: a safety net behind the exit watcher, which records exits on its own. */
    static final Duration EXIT_SWEEP_INTERVAL = Duration.ofSeconds(2);

    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary, LogConfig logDefaults) throws IOException {
        this(db, images, layers, events, dataRoot, execRoot, runcBinary, conmonBinary, logDefaults, BootId::current,
                EXIT_SWEEP_INTERVAL);
    }

    /**
     * {@code bootId} tells which boot this is (a reboot ends every run of an earlier one); {@code sweepInterval}
     * null runs no exit sweep.
     */
    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary, LogConfig logDefaults,
                          Supplier<String> bootId, Duration sweepInterval) throws IOException {
        this.bootId = bootId.get();
        this.sweepInterval = sweepInterval;
        this.repo = new ContainerRepository(db);
        this.images = images;
        this.events = events;
        this.containersDir = dataRoot.resolve("containers");
        this.execRoot = execRoot;
        Files.createDirectories(containersDir);
        Files.createDirectories(execRoot.resolve("a"));
        Files.createDirectories(execRoot.resolve("socket"));
        Runc runc = new Runc(runcBinary, execRoot.resolve("runc"));
        Conmon conmon = new Conmon(conmonBinary, runc, execRoot.resolve("exits"), execRoot.resolve("socket"));
        this.exits = new ExitWatcher(execRoot.resolve("exits"), this::onExit);
        this.cleanup = new RuntimeCleanup(runc, exits);
        this.logs = new ContainerLogs(logDefaults);
        this.creator = new ContainerCreator(repo, images, this::layout, db.leases(), logs::merge);
        this.starter = new ContainerStarter(images, layers, ContainerFiles.initLayer(dataRoot), runc, conmon, attacher, logs,
                Isolations.peers(repo, this::layout));
    }

    ContainerLayout layout(String id) {
        return new ContainerLayout(containersDir.resolve(id), execRoot, id);
    }

    private ReentrantLock lock(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    private static String now() {
        return Instant.now().toString();
    }

    // ---- create ----

    @Override
    public IdResponse create(String name, ContainerCreateRequest request) {
        ContainerRecord record = creator.create(name, request);
        events.publish("container", "create", record.id(), attributes(record, Map.of()));
        return new IdResponse(record.id(), List.of());
    }

    private static Map<String, String> attributes(ContainerRecord r, Map<String, String> extra) {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        if (r.config().labels() != null) a.putAll(r.config().labels());
        a.put("image", r.imageName());
        a.put("name", r.name());
        a.putAll(extra);
        return a;
    }

    // ---- start ----

    @Override
    public void start(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (removing.contains(id) || row.state().status() == ContainerStatus.REMOVING) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
            if (row.state().isRunning()) throw new NotModifiedException("container already started");
            startLocked(row);
        } finally {
            lock.unlock();
        }
    }

    private void startLocked(ContainerRepository.Row row) {
        ContainerRecord r = row.record();
        ContainerLayout l = layout(r.id());
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
        } catch (berth.engine.layer.DamagedLayerException e) {
            failStart(r, l, e.getMessage(), 128);
            throw new berth.api.errors.DataLossException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            failStart(r, l, String.valueOf(e.getMessage()), 128);
            throw new InternalException("starting container " + r.id() + ": " + e.getMessage(), e);
        }
        repo.updateState(r.id(), row.state().running(process.pid(), process.startTime(), bootId, now()));
        events.publish("container", "start", r.id(), attributes(r, Map.of()));
    }

    /**
     * Docker's rule for a start that failed: the container stays as it was (created, or exited from its last run),
     * with the exit code (127/126, else 128 unless an earlier run left one) and the error recorded; its mounts and
     * runc state are undone, and its conmon is given time to go, so that no exit of this attempt arrives later.
     */
    private void failStart(ContainerRecord r, ContainerLayout l, String message, int code) {
        cleanup.cleanup(r.id(), l);
        RunProcess.awaitConmonGone(l, FAILED_CONMON_WAIT_MILLIS);
        cleanup.clearExitFile(r.id());
        RuntimeState st = repo.get(r.id()).map(ContainerRepository.Row::state).orElse(RuntimeState.creating());
        int recorded = code == 128 && st.exitCode() != 0 ? st.exitCode() : code;
        repo.updateState(r.id(), st.startFailed(recorded, message));
        attacher.abandonAll(r.id());
        if (r.hostConfig().isAutoRemove()) Thread.ofVirtual().start(() -> removeQuietly(r.id()));
    }

    // ---- exit ----

    /** An exit file appeared (the watcher): it is acted on only if the current run's process is really gone. */
    void onExit(String id, int reportedCode) {
        reconcile(id, -1);
    }

    /**
     * Brings a running row in line with its process: if the run's process is gone, records its exit with conmon's
     * code. {@code generation} >= 0 limits this to that run (the sweep, stop); -1 means whichever run is current
     * (an exit file, which does not say which run wrote it). A notice about an earlier run finds the current run's
     * process alive and does nothing; a duplicate finds the row no longer running.
     */
    void reconcile(String id, long generation) {
        ReentrantLock lock = lock(id);
        lock.lock();
        ContainerRecord record = null;
        try {
            var found = repo.get(id);
            if (found.isEmpty()) return;
            ContainerRepository.Row row = found.get();
            RuntimeState st = row.state();
            if (!st.isRunning()) {
                // a stale file (an earlier run's, recorded already); no start is under way while we hold the lock
                if (generation < 0) cleanup.clearExitFile(id);
                return;
            }
            if (generation >= 0 && st.generation() != generation) return;
            ContainerLayout l = layout(id);
            if (RunProcess.alive(st, bootId, l)) return;
            Integer code = exits.exitCode(id);
            if (code == null) {
                // conmon reaps the process and then writes the exit file: wait for that, unless conmon is gone too
                if (RunProcess.conmonOf(st, l).isPresent()) return;
                code = RunProcess.persistedExit(l);
            }
            if (recordExit(row, code)) record = row.record();
        } finally {
            lock.unlock();
        }
        if (record != null && record.hostConfig().isAutoRemove()) removeQuietly(id);
    }

    /** Under the container's lock: the run of {@code row} ended with {@code code}. */
    private boolean recordExit(ContainerRepository.Row row, int code) {
        String id = row.record().id();
        ContainerLayout l = layout(id);
        boolean oom = Files.exists(l.persist().resolve("oom"));
        if (!repo.updateRun(id, row.state().generation(), row.state().exited(code, now(), oom, ""))) return false;
        events.publish("container", "die", id, attributes(row.record(), Map.of("exitCode", String.valueOf(code))));
        attacher.abandonAll(id);
        waiters.exited(id, code);
        // after the waiters, to report the exit without the unmount's few ms; still under the lock, so that a
        // new start or a removal finds the rootfs unmounted
        cleanup.cleanup(id, l);
        return true;
    }

    /**
     * After a reboot no process of an earlier boot exists: the run is over, nothing is signalled (its pid may name
     * anything now), and its runtime state is dropped without asking runc, so that the container can start again.
     */
    void endedByReboot(ContainerRepository.Row row) {
        String id = row.record().id();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerLayout l = layout(id);
            int code = RunProcess.persistedExit(l);
            if (!repo.updateRun(id, row.state().generation(), row.state().exited(code, now(), false, ""))) return;
            cleanup.forget(id, l);
            events.publish("container", "die", id, attributes(row.record(), Map.of("exitCode", String.valueOf(code))));
            waiters.exited(id, code);
        } finally {
            lock.unlock();
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id, true, false);
        } catch (NotFoundException | ConflictException e) {
            // removed, or being removed, by someone else meanwhile
        } catch (RuntimeException e) {
            System.getLogger("berth.container").log(System.Logger.Level.WARNING, "auto-removing " + id + ": " + e.getMessage());
        }
    }

    // ---- stop, kill, restart, remove ----

    /** The run a signal went to, and a waiter for its exit registered before the signal was sent. */
    private record Signalled(long generation, boolean delivered, CompletableFuture<WaitResponse> exited) {}

    /**
     * Under the lock (never held while waiting): signals the current run, or returns null when there is none. The
     * waiter is registered first, so that an exit right after the signal still completes it.
     */
    private Signalled signalCurrentRun(String id, int sig, long onlyGeneration) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(id));
            RuntimeState st = row.state();
            if (!st.isRunning() || (onlyGeneration >= 0 && st.generation() != onlyGeneration)) return null;
            CompletableFuture<WaitResponse> exited = waiters.add(id, WaitCondition.NEXT_EXIT);
            boolean delivered;
            try {
                delivered = RunProcess.signal(st, bootId, layout(id), sig);
            } catch (IOException e) {
                throw new InternalException("signalling container " + id + ": " + e.getMessage(), e);
            }
            return new Signalled(st.generation(), delivered, exited);
        } finally {
            lock.unlock();
        }
    }

    private static int parseSignal(String signal, String fallback) {
        try {
            return Signals.parse(signal == null || signal.isEmpty() ? fallback : signal);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    @Override
    public void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        ContainerConfig c = row.record().config();
        int sig = parseSignal(signal, c.stopSignal() != null && !c.stopSignal().isEmpty() ? c.stopSignal() : "TERM");
        int timeout = timeoutSeconds != null ? timeoutSeconds : c.stopTimeout() != null ? c.stopTimeout() : 10;
        if (!stopRun(row.record().id(), sig, timeout)) throw new NotModifiedException("container already stopped");
    }

    /**
     * Stops the current run: its stop signal, then SIGKILL after {@code timeoutSeconds}. Returns false when no run
     * was going. The lock is held only to signal; the waits are bounded and lock-free, so that the exit (which
     * needs the lock) can be recorded meanwhile.
     */
    private boolean stopRun(String id, int sig, int timeoutSeconds) {
        Signalled s = signalCurrentRun(id, sig, -1);
        if (s == null) return false;
        if (!s.delivered()) {
            // the run's process is gone already (exited on its own, or its pid now names another process)
            awaitExit(id, s, Math.max(timeoutSeconds, 1));
            return true;
        }
        Signalled kill = s;
        if (sig != 9) {
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
        return s.exited().isDone() || repo.get(id).map(r -> !r.state().isRunning() || r.state().generation() != s.generation())
                .orElse(true);
    }

    private boolean isRunning(String id) {
        return repo.get(id).map(r -> r.state().isRunning()).orElse(false);
    }

    /**
     * Docker's restart: stop the run if one is going, then start a new one. A concurrent start that got there first
     * is as good as ours; a concurrent removal ends it with 404 or 409.
     */
    @Override
    public void restart(String nameOrId, Integer timeoutSeconds, String signal) {
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
        events.publish("container", "restart", id, attributes(row.record(), Map.of()));
    }

    @Override
    public void kill(String nameOrId, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        int sig = parseSignal(signal, "KILL");
        Signalled s = signalCurrentRun(id, sig, -1);
        if (s == null || !s.delivered()) {
            throw new ConflictException("Cannot kill container: " + nameOrId + ": container " + id + " is not running");
        }
        events.publish("container", "kill", id, attributes(row.record(), Map.of("signal", String.valueOf(sig))));
        if (sig == 9) awaitExit(id, s, 10);
    }

    @Override
    public void remove(String nameOrId, boolean force, boolean removeVolumes) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        if (!removing.add(id)) {
            throw new ConflictException("removal of container " + nameOrId + " is already in progress");
        }
        int code;
        try {
            code = removeMarked(nameOrId, id, force);
        } finally {
            removing.remove(id);
        }
        locks.remove(id);
        attacher.forget(id);
        events.publish("container", "destroy", id, attributes(row.record(), Map.of()));
        waiters.removed(id, code);
        try {
            Trees.delete(layout(id).dir());
        } catch (IOException e) {
            System.getLogger("berth.container").log(System.Logger.Level.WARNING,
                    "deleting the files of removed container " + id + ": " + e.getMessage());
        }
    }

    /** With the container marked for removal (no start gets through): kill its run if forced, then drop the row. */
    private int removeMarked(String nameOrId, String id, boolean force) {
        for (int attempt = 0; ; attempt++) {
            ReentrantLock lock = lock(id);
            lock.lock();
            try {
                ContainerRepository.Row current = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
                if (!current.state().isRunning()) {
                    cleanup.cleanup(id, layout(id));
                    // the row goes first: a crash before the files are deleted leaves a directory without a row,
                    // which recovery sweeps; a row without its directory cannot happen
                    repo.delete(id);
                    return current.state().exitCode();
                }
                if (!force) {
                    throw new ConflictException("You cannot remove a running container " + id
                            + ". Stop the container before attempting removal or force remove");
                }
            } finally {
                lock.unlock();
            }
            if (attempt > 0) throw new InternalException("container " + id + " could not be killed for removal", null);
            stopRun(id, 9, 0);
        }
    }

    // ---- queries ----

    @Override
    public ContainerInspect inspect(String nameOrId) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        List<Path> lower;
        try {
            lower = starter.lowerDirs(row.record());
        } catch (IOException | RuntimeException e) {
            lower = List.of();
        }
        return ContainerViews.inspect(row, layout(row.record().id()), lower);
    }

    @Override
    public ContainerInspect inspect(String nameOrId, boolean size) {
        ContainerInspect inspect = inspect(nameOrId);
        if (!size) return inspect;
        long rw = ContainerViews.writtenBytes(layout(inspect.id()).upper());
        return inspect.withSizes(rw, rw + imageSize(inspect.image()));
    }

    private long imageSize(String imageId) {
        return images.get(berth.engine.content.Digest.parse(imageId)).map(i -> i.size()).orElse(0L);
    }

    @Override
    public List<ContainerSummary> list(ContainerListOptions options) {
        ContainerFilter filter = ContainerFilter.of(options.filters(), name -> {
            try {
                return images.resolve(name).id().toString();
            } catch (RuntimeException e) {
                return "";
            }
        }, name -> repo.resolve(name).record());
        boolean all = options.all() || filter.listsStopped() || options.limit() > 0;
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerRepository.Row row : repo.list()) {
            if (!all && !row.state().isRunning()) continue;
            if (row.state().status() == ContainerStatus.CREATING) continue;
            if (!filter.matches(row)) continue;
            ContainerSummary summary = ContainerViews.summary(row);
            if (options.size()) {
                long rw = ContainerViews.writtenBytes(layout(row.record().id()).upper());
                summary = summary.withSizes(rw, rw + imageSize(row.record().imageId()));
            }
            out.add(summary);
            if (options.limit() > 0 && out.size() >= options.limit()) break;
        }
        return out;
    }

    @Override
    public CompletableFuture<WaitResponse> wait(String nameOrId, WaitCondition condition) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRepository.Row current = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (condition == WaitCondition.NOT_RUNNING && !current.state().isRunning()) {
                return CompletableFuture.completedFuture(WaitResponse.exited(current.state().exitCode()));
            }
            return waiters.add(id, condition);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LogStream logs(String nameOrId, LogOptions options) {
        ContainerRecord record = repo.resolve(nameOrId).record();
        logs.checkReadable(record);
        return new LogStream() {
            @Override
            public boolean tty() {
                return record.tty();
            }

            @Override
            public void writeTo(LogSink sink) throws IOException {
                logs.read(record, layout(record.id()), options, sink, () -> isRunning(record.id()));
            }
        };
    }

    @Override
    public Attachment attach(String nameOrId, AttachOptions options) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        AttachSession session;
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            session = attacher.register(id, options, row.record().tty());
            if (isRunning(id)) session.connect(layout(id).shortLink().resolve("attach"));
        } finally {
            lock.unlock();
        }
        events.publish("container", "attach", id, attributes(row.record(), Map.of()));
        return session;
    }

    // ---- start-up ----

    /** See {@link ContainerRecovery}; then a slow sweep backs up the exit watcher. */
    void recover() throws IOException {
        ContainerRecovery recovery = new ContainerRecovery(this);
        recovery.run();
        for (ContainerRepository.Row row : repo.list()) {
            if (row.state().isRunning()) logs.resume(row.record(), layout(row.record().id()));
        }
        if (sweepInterval == null) return;
        Thread.ofVirtual().name("exit-sweeper").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(sweepInterval);
                    if (!closed) recovery.sweepExits();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.getLogger("berth.container").log(System.Logger.Level.WARNING, "exit sweep: " + e.getMessage());
                }
            }
        });
    }

    String bootId() {
        return bootId;
    }

    ContainerStarter starter() {
        return starter;
    }

    ContainerRepository repo() {
        return repo;
    }

    Path containersDir() {
        return containersDir;
    }

    RuntimeCleanup cleanup() {
        return cleanup;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        exits.close();
        cleanup.close();
        logs.close();
    }
}
