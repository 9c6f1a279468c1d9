package berth.engine.container;

import berth.api.Json;
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
import berth.api.model.HostConfig;
import berth.api.model.IdResponse;
import berth.api.model.WaitResponse;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.runtime.BindMount;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ExitWatcher;
import berth.engine.runtime.OciSpecBuilder;
import berth.engine.runtime.ProcessSpec;
import berth.engine.runtime.Runc;
import berth.engine.sys.Mounts;
import berth.engine.sys.Signals;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The container life cycle. One lock per container serialises start, exit handling, stop and removal; conmon is
 * each container's parent, so a container outlives berthd and {@link #recover} picks it up again.
 */
final class LocalContainerService implements ContainerService, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerRepository repo;
    private final ImageStore images;
    private final LayerStore layers;
    private final EventService events;
    private final Path containersDir;
    private final Path execRoot;
    private final Path initLayer;
    private final Runc runc;
    private final Conmon conmon;
    private final ExitWatcher exits;
    private final Waiters waiters = new Waiters();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, List<AttachSession>> attachments = new ConcurrentHashMap<>();
    /** runc deletes still running in the background, per container; a new start of the same ID waits for its own. */
    private final Map<String, CompletableFuture<Void>> runcDeletes = new ConcurrentHashMap<>();

    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary) throws IOException {
        this.repo = new ContainerRepository(db);
        this.images = images;
        this.layers = layers;
        this.events = events;
        this.containersDir = dataRoot.resolve("containers");
        this.execRoot = execRoot;
        Files.createDirectories(containersDir);
        Files.createDirectories(execRoot.resolve("a"));
        Files.createDirectories(execRoot.resolve("socket"));
        this.initLayer = ContainerFiles.initLayer(dataRoot);
        this.runc = new Runc(runcBinary, execRoot.resolve("runc"));
        this.conmon = new Conmon(conmonBinary, runc, execRoot.resolve("exits"), execRoot.resolve("socket"));
        this.exits = new ExitWatcher(execRoot.resolve("exits"), this::onExit);
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
        if (request == null) throw new InvalidArgumentException("Config cannot be empty in order to create a container");
        ContainerConfig user = request.config();
        if (user.image() == null || user.image().isEmpty()) {
            throw new InvalidArgumentException("Config cannot be empty in order to create a container");
        }
        ImageRecord image = resolveImage(user.image());
        String id = HexFormat.of().formatHex(randomBytes());
        ContainerConfig merged = ConfigMerger.merge(user, image.config().configOrEmpty(), user.image(), id.substring(0, 12));
        List<String> command = ConfigMerger.command(merged);
        HostConfig hostConfig = request.hostConfigOrEmpty();
        BindMount.parseAll(hostConfig.binds());
        boolean generated = name == null || name.isEmpty();
        String containerName = generated ? NameGenerator.generate() : NameGenerator.validate(name);
        ContainerRecord record = new ContainerRecord(id, containerName, image.id().toString(), user.image(), now(), merged,
                hostConfig, command.getFirst(), List.copyOf(command.subList(1, command.size())));
        for (int attempt = 0; ; attempt++) {
            try {
                repo.insert(record);
                break;
            } catch (ConflictException e) {
                if (!generated || attempt > 5) throw e;
                record = new ContainerRecord(id, NameGenerator.generate(), record.imageId(), record.imageName(),
                        record.created(), merged, hostConfig, record.path(), record.args());
            }
        }
        try {
            ContainerFiles.prepare(layout(id), merged.hostname());
        } catch (IOException e) {
            repo.delete(id);
            throw new InternalException("creating container directory: " + e.getMessage(), e);
        }
        repo.updateState(id, repo.get(id).orElseThrow().state().withStatus(ContainerStatus.CREATED));
        events.publish("container", "create", id, attributes(record, Map.of()));
        return new IdResponse(id, List.of());
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    private ImageRecord resolveImage(String name) {
        try {
            return images.resolve(name);
        } catch (NotFoundException e) {
            String shown = name;
            try {
                shown = Reference.parse(name).withDefaultTag().familiarString();
            } catch (RuntimeException ignored) {
                // an ID prefix or something unparsable: show it as given
            }
            throw NotFoundException.image(shown);
        }
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
        CompletableFuture<Void> pendingDelete = runcDeletes.remove(r.id());
        if (pendingDelete != null) pendingDelete.join();
        try {
            Mounts.unmount(l.rootfs());
            exits.clear(r.id());
            Files.deleteIfExists(l.persist().resolve("exit"));
            Files.deleteIfExists(l.persist().resolve("oom"));
            Files.createDirectories(l.persist());
            List<Path> lower = lowerDirs(r);
            Mounts.overlay(lower, l.upper(), l.work(), l.rootfs());
        } catch (IOException e) {
            throw new InternalException("mounting the root filesystem of " + r.id() + ": " + e.getMessage(), e);
        }
        int pid;
        try {
            UserResolver.Ids ids = UserResolver.resolve(r.config().user(), l.rootfs());
            ProcessSpec spec = new ProcessSpec(r.id(), ProcessSpecs.command(r), ProcessSpecs.env(r), ProcessSpecs.cwd(r), ids.uid(), ids.gid(),
                    ids.additionalGids(), r.tty(), r.config().hostname(), l.rootfs(), l.hosts(), l.hostname(),
                    l.resolvConf(), Boolean.TRUE.equals(r.hostConfig().readonlyRootfs()), ProcessSpecs.binds(r));
            Files.write(l.configJson(), Json.mapper().writeValueAsBytes(OciSpecBuilder.build(spec)));
            Path link = l.shortLink();
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, l.dir());
            pid = conmon.create(new Conmon.Launch(r.id(), r.name(), l.dir(), l.log(), l.persist(), r.openStdin(), r.tty()));
        } catch (Conmon.ConmonException e) {
            failStart(r, l, e.getMessage());
            throw ProcessSpecs.startError(e.getMessage());
        } catch (EngineException e) {
            failStart(r, l, e.getMessage());
            throw e;
        } catch (IOException e) {
            failStart(r, l, e.getMessage());
            throw new InternalException("starting container " + r.id() + ": " + e.getMessage(), e);
        }
        for (AttachSession a : attachments.getOrDefault(r.id(), List.of())) a.connect(l.shortLink().resolve("attach"));
        try {
            runc.start(r.id());
        } catch (IOException e) {
            failStart(r, l, e.getMessage());
            throw new InternalException("starting container " + r.id() + ": " + e.getMessage(), e);
        }
        repo.updateState(r.id(), row.state().running(pid, now()));
        events.publish("container", "start", r.id(), attributes(r, Map.of()));
    }

    /** Docker's exit codes for a process that could not be started: 127 not found, 126 not executable. */
    private void failStart(ContainerRecord r, ContainerLayout l, String message) {
        int code = message.contains("executable file not found") || message.contains("no such file or directory") ? 127
                : message.contains("permission denied") ? 126 : 128;
        cleanupRuntime(r.id(), l);
        RuntimeState st = repo.get(r.id()).map(ContainerRepository.Row::state).orElse(RuntimeState.creating());
        repo.updateState(r.id(), st.exited(code, now(), false, message));
        for (AttachSession a : attachments.getOrDefault(r.id(), List.of())) a.abandon();
        waiters.exited(r.id(), code);
        if (r.hostConfig().isAutoRemove()) Thread.ofVirtual().start(() -> removeQuietly(r.id()));
    }

    private List<Path> lowerDirs(ContainerRecord r) throws IOException {
        List<Path> lower = new ArrayList<>();
        lower.add(initLayer);
        ImageRecord image = images.get(Digest.parse(r.imageId()))
                .orElseThrow(() -> NotFoundException.image(r.imageName()));
        if (image.topLayer() != null) lower.addAll(layers.lowerDirs(image.topLayer()));
        return lower;
    }

    // ---- exit ----

    void onExit(String id, int code) {
        ReentrantLock lock = lock(id);
        lock.lock();
        ContainerRecord record;
        try {
            var row = repo.get(id);
            if (row.isEmpty() || !row.get().state().isRunning()) {
                clearExitFile(id);
                return;
            }
            record = row.get().record();
            ContainerLayout l = layout(id);
            boolean oom = Files.exists(l.persist().resolve("oom"));
            cleanupRuntime(id, l);
            repo.updateState(id, row.get().state().exited(code, now(), oom, ""));
            events.publish("container", "die", id, attributes(record, Map.of("exitCode", String.valueOf(code))));
            for (AttachSession a : attachments.getOrDefault(id, List.of())) a.abandon();
            waiters.exited(id, code);
        } finally {
            lock.unlock();
        }
        if (record.hostConfig().isAutoRemove()) removeQuietly(id);
    }

    private void clearExitFile(String id) {
        try {
            exits.clear(id);
        } catch (IOException e) {
            // a stale exit file is ignored next time too
        }
    }

    /**
     * runc state, the rootfs mount, the attach link and the exit file go; the upper dir and the log stay. runc delete
     * (~15 ms, a process) runs in the background: the exit is reported without waiting for it.
     */
    void cleanupRuntime(String id, ContainerLayout l) {
        CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
            try {
                runc.delete(id);
            } catch (IOException e) {
                // nothing left to delete, or runc failed: the next start deletes again
            }
        }, command -> Thread.ofVirtual().start(command));
        runcDeletes.put(id, delete);
        delete.whenComplete((v, e) -> runcDeletes.remove(id, delete));
        try {
            Mounts.unmount(l.rootfs());
            Files.deleteIfExists(l.shortLink());
        } catch (IOException e) {
            // logged by the caller's state; a leaked mount is unmounted at the next start or recovery
        }
        clearExitFile(id);
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
        int sig = Signals.parse(signal != null && !signal.isEmpty() ? signal : c.stopSignal() != null ? c.stopSignal() : "TERM");
        int timeout = timeoutSeconds != null ? timeoutSeconds : c.stopTimeout() != null ? c.stopTimeout() : 10;
        stopRunning(row, sig, timeout);
    }

    private void stopRunning(ContainerRepository.Row row, int sig, int timeoutSeconds) {
        String id = row.record().id();
        CompletableFuture<WaitResponse> exited = waiters.add(id, WaitCondition.NEXT_EXIT);
        if (!isRunning(id)) return;
        signal(row, sig);
        if (timeoutSeconds >= 0 && await(exited, timeoutSeconds)) return;
        signal(row, 9);
        if (!await(exited, 30)) throw new InternalException("container " + id + " did not exit after SIGKILL", null);
    }

    private boolean isRunning(String id) {
        return repo.get(id).map(r -> r.state().isRunning()).orElse(false);
    }

    private static boolean await(CompletableFuture<?> f, int seconds) {
        try {
            f.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
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
        if (sig == 9) await(exited, 10);
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
            repo.updateState(id, current.state().withStatus(ContainerStatus.REMOVING));
            ContainerLayout l = layout(id);
            cleanupRuntime(id, l);
            repo.delete(id);
            try {
                ContainerFiles.delete(l.dir());
            } catch (IOException e) {
                // the row is gone: recovery sweeps directories without one
            }
        } finally {
            lock.unlock();
            locks.remove(id);
        }
        for (AttachSession a : attachments.getOrDefault(id, List.of())) a.abandon();
        events.publish("container", "destroy", id, attributes(row.record(), Map.of()));
        waiters.removed(id, code);
    }

    // ---- queries ----

    @Override
    public ContainerInspect inspect(String nameOrId) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        List<Path> lower;
        try {
            lower = lowerDirs(row.record());
        } catch (IOException | RuntimeException e) {
            lower = List.of();
        }
        return ContainerViews.inspect(row, layout(row.record().id()), lower);
    }

    @Override
    public List<ContainerSummary> list(ContainerListOptions options) {
        ContainerFilter filter = ContainerFilter.of(options.filters(), name -> {
            try {
                return images.resolve(name).id().toString();
            } catch (RuntimeException e) {
                return "";
            }
        });
        boolean all = options.all() || filter.listsStopped() || options.limit() > 0;
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerRepository.Row row : repo.list()) {
            if (!all && !row.state().isRunning()) continue;
            if (row.state().status() == ContainerStatus.CREATING) continue;
            if (!filter.matches(row)) continue;
            out.add(ContainerViews.summary(row));
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
    public void logs(String nameOrId, LogOptions options, LogSink sink) throws IOException {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        LogReader.read(layout(id).log(), options, sink, () -> isRunning(id));
    }

    @Override
    public Attachment attach(String nameOrId, AttachOptions options) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        List<AttachSession> list = attachments.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        AttachSession[] self = new AttachSession[1];
        self[0] = new AttachSession(options, row.record().tty(), () -> list.remove(self[0]));
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            list.add(self[0]);
            if (isRunning(id)) self[0].connect(layout(id).shortLink().resolve("attach"));
        } finally {
            lock.unlock();
        }
        events.publish("container", "attach", id, attributes(row.record(), Map.of()));
        return self[0];
    }

    // ---- start-up ----

    /** See {@link ContainerRecovery}. */
    void recover() throws IOException {
        ContainerRecovery recovery = new ContainerRecovery(this);
        recovery.run();
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

    private volatile boolean closed;

    ContainerRepository repo() {
        return repo;
    }

    Path containersDir() {
        return containersDir;
    }

    boolean hasRuntimeState(String id) {
        return Files.exists(runc.root().resolve(id));
    }

    Integer recordedExit(String id) {
        return exits.exitCode(id);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        exits.close();
        runcDeletes.values().forEach(CompletableFuture::join);
    }
}
