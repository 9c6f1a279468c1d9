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
import berth.engine.sys.Signals;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

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
    private volatile boolean closed;

    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary, LogConfig logDefaults) throws IOException {
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
        this.starter = new ContainerStarter(images, layers, ContainerFiles.initLayer(dataRoot), runc, conmon, attacher, logs);
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
        ContainerRecord record = repo.resolve(nameOrId).record();
        String id = record.id();
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (row.state().isRunning()) throw new NotModifiedException("container already started");
            if (row.state().status() == ContainerStatus.REMOVING) {
                throw new ConflictException("container is marked for removal and cannot be started");
            }
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
        int pid;
        try {
            pid = starter.start(r, l);
        } catch (Conmon.ConmonException e) {
            failStart(r, l, e.getMessage(), ProcessSpecs.exitCodeOf(e.getMessage()));
            throw ProcessSpecs.startError(e.getMessage());
        } catch (EngineException e) {
            failStart(r, l, e.getMessage(), 128);
            throw e;
        } catch (IOException | RuntimeException e) {
            failStart(r, l, String.valueOf(e.getMessage()), 128);
            throw new InternalException("starting container " + r.id() + ": " + e.getMessage(), e);
        }
        repo.updateState(r.id(), row.state().running(pid, now()));
        events.publish("container", "start", r.id(), attributes(r, Map.of()));
    }

    /** The container ends as exited with Docker's code for the failure (127/126/128), its mounts undone. */
    private void failStart(ContainerRecord r, ContainerLayout l, String message, int code) {
        cleanup.cleanup(r.id(), l);
        RuntimeState st = repo.get(r.id()).map(ContainerRepository.Row::state).orElse(RuntimeState.creating());
        repo.updateState(r.id(), st.exited(code, now(), false, message));
        attacher.abandonAll(r.id());
        waiters.exited(r.id(), code);
        if (r.hostConfig().isAutoRemove()) Thread.ofVirtual().start(() -> removeQuietly(r.id()));
    }

    // ---- exit ----

    void onExit(String id, int code) {
        ReentrantLock lock = lock(id);
        lock.lock();
        ContainerRecord record;
        try {
            var row = repo.get(id);
            if (row.isEmpty() || !row.get().state().isRunning()) {
                cleanup.clearExitFile(id);
                return;
            }
            record = row.get().record();
            ContainerLayout l = layout(id);
            boolean oom = Files.exists(l.persist().resolve("oom"));
            repo.updateState(id, row.get().state().exited(code, now(), oom, ""));
            events.publish("container", "die", id, attributes(record, Map.of("exitCode", String.valueOf(code))));
            attacher.abandonAll(id);
            waiters.exited(id, code);
            // after the waiters, to report the exit without the unmount's few ms; still under the lock, so that a
            // new start or a removal finds the rootfs unmounted
            cleanup.cleanup(id, l);
        } finally {
            lock.unlock();
        }
        if (record.hostConfig().isAutoRemove()) removeQuietly(id);
    }

    private void removeQuietly(String id) {
        try {
            remove(id, true, false);
        } catch (NotFoundException e) {
            // removed by someone else meanwhile
        } catch (RuntimeException e) {
            System.getLogger("berth.container").log(System.Logger.Level.WARNING, "auto-removing " + id + ": " + e.getMessage());
        }
    }

    // ---- stop, kill, restart, remove ----

    @Override
    public void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        if (!row.state().isRunning()) throw new NotModifiedException("container already stopped");
        ContainerConfig c = row.record().config();
        int sig;
        try {
            sig = Signals.parse(signal != null && !signal.isEmpty() ? signal : c.stopSignal() != null ? c.stopSignal() : "TERM");
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        int timeout = timeoutSeconds != null ? timeoutSeconds : c.stopTimeout() != null ? c.stopTimeout() : 10;
        stopRunning(row, sig, timeout);
    }

    private void stopRunning(ContainerRepository.Row row, int sig, int timeoutSeconds) {
        String id = row.record().id();
        CompletableFuture<WaitResponse> exited = waiters.add(id, WaitCondition.NEXT_EXIT);
        if (!isRunning(id)) return;
        signal(row, sig);
        if (timeoutSeconds >= 0 && Waiters.await(exited, timeoutSeconds)) return;
        signal(row, 9);
        if (!Waiters.await(exited, 30)) throw new InternalException("container " + id + " did not exit after SIGKILL", null);
    }

    private boolean isRunning(String id) {
        return repo.get(id).map(r -> r.state().isRunning()).orElse(false);
    }

    private void signal(ContainerRepository.Row row, int sig) {
        try {
            Signals.kill(row.state().pid(), sig);
        } catch (IOException e) {
            throw new InternalException("signalling container " + row.record().id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void restart(String nameOrId, Integer timeoutSeconds, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        if (row.state().isRunning()) stop(row.record().id(), timeoutSeconds, signal);
        start(row.record().id());
        events.publish("container", "restart", row.record().id(), attributes(row.record(), Map.of()));
    }

    @Override
    public void kill(String nameOrId, String signal) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        int sig;
        try {
            sig = Signals.parse(signal == null || signal.isEmpty() ? "KILL" : signal);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        if (!row.state().isRunning()) {
            throw new ConflictException("Cannot kill container: " + nameOrId + ": container " + row.record().id()
                    + " is not running");
        }
        CompletableFuture<WaitResponse> exited = waiters.add(row.record().id(), WaitCondition.NEXT_EXIT);
        signal(row, sig);
        events.publish("container", "kill", row.record().id(), attributes(row.record(), Map.of("signal", String.valueOf(sig))));
        if (sig == 9) Waiters.await(exited, 10);
    }

    @Override
    public void remove(String nameOrId, boolean force, boolean removeVolumes) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        if (row.state().isRunning()) {
            if (!force) {
                throw new ConflictException("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            stopRunning(row, 9, 0);
        }
        ReentrantLock lock = lock(id);
        lock.lock();
        int code;
        try {
            ContainerRepository.Row current = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            if (current.state().isRunning()) {
                throw new ConflictException("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            code = current.state().exitCode();
            cleanup.cleanup(id, layout(id));
            // the row goes first: a crash before the files are deleted leaves a directory without a row, which
            // recovery sweeps; a row without its directory cannot happen
            repo.delete(id);
        } finally {
            lock.unlock();
            locks.remove(id);
        }
        attacher.forget(id);
        events.publish("container", "destroy", id, attributes(row.record(), Map.of()));
        waiters.removed(id, code);
        try {
            ContainerFiles.delete(layout(id).dir());
        } catch (IOException e) {
            System.getLogger("berth.container").log(System.Logger.Level.WARNING,
                    "deleting the files of removed container " + id + ": " + e.getMessage());
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
        Thread.ofVirtual().name("exit-sweeper").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(2000);
                    recovery.sweepExits();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.getLogger("berth.container").log(System.Logger.Level.WARNING, "exit sweep: " + e.getMessage());
                }
            }
        });
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

    Integer recordedExit(String id) {
        return exits.exitCode(id);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        exits.close();
        cleanup.close();
        logs.close();
    }
}
