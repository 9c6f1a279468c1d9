package berth.engine.container;

import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerInspect;
import berth.api.model.ContainerSummary;
import berth.api.model.IdResponse;
import berth.api.model.LogConfig;
import berth.api.errors.NotFoundException;
import berth.api.model.WaitResponse;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.network.NetworkConfig;
import berth.engine.network.Networking;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.ExitWatcher;
import berth.engine.cgroup.Freezer;
import berth.engine.runtime.Runc;
import berth.engine.runtime.DirectExec;
import berth.engine.runtime.ExecHelper;
import berth.engine.runtime.ShortExec;
import berth.api.errors.ConflictException;
import berth.engine.sys.BootId;
import berth.engine.store.Database;
import berth.engine.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The container service: wires the parts and answers the queries. Runs (start, exit, signals) belong to
 * {@link RunLifecycle}, removal to {@link ContainerRemoval}, creation to {@link ContainerCreator}; conmon is each
 * container's parent, so a container outlives berthd and {@link #recover} picks it up again. Features that act on a
 * container's run (exec, pause, network set-up) take the same {@link ContainerLocks}, {@link ContainerLayouts} and
 * repository rather than growing this class.
 */
final class LocalContainerService implements ContainerService, AutoCloseable {
    private final ContainerRepository repo;
    private final ImageStore images;
    private final ContainerLayouts layouts;
    private final ContainerLocks locks = new ContainerLocks();
    private final ContainerEvents events;
    private final ExitWatcher exits;
    private final RuntimeCleanup cleanup;
    private final Attacher attacher = new Attacher();
    private final ContainerStarter starter;
    private final NetworkAttachment network;
    private final ContainerNetworks networkService;
    private final ContainerCreator creator;
    private final ContainerLogs logs;
    private final ContainerResources resources;
    private final Waiters waiters = new Waiters();
    private final RunLifecycle runs;
    private final ContainerPauses pauses;
    private final ContainerRemoval removal;
    private final RestartSupervisor restarts;
    private final HealthMonitors health;
    private final ContainerExecs execs;
    private final ContainerMounts mounts;
    private final Duration sweepInterval;
    private volatile boolean closed;

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
        this(db, images, layers, events, dataRoot, execRoot, runcBinary, conmonBinary, logDefaults, bootId,
                sweepInterval, Networking.open(db, NetworkConfig.disabled(execRoot)));
    }

    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary, LogConfig logDefaults,
                          Supplier<String> bootId, Duration sweepInterval, Networking networking) throws IOException {
        this(db, images, layers, events, dataRoot, execRoot, runcBinary, conmonBinary, logDefaults, bootId,
                sweepInterval, networking, VolumeService.open(db, dataRoot, events));
    }

    /**
     * {@code networking}: the daemon's networks (disabled: every container has only its own loopback);
     * {@code volumes}: the daemon's volumes.
     */
    LocalContainerService(Database db, ImageStore images, LayerStore layers, EventService events, Path dataRoot,
                          Path execRoot, Path runcBinary, Path conmonBinary, LogConfig logDefaults,
                          Supplier<String> bootId, Duration sweepInterval, Networking networking,
                          VolumeService volumes) throws IOException {
        this.sweepInterval = sweepInterval;
        this.repo = new ContainerRepository(db);
        this.images = images;
        this.events = new ContainerEvents(events);
        this.layouts = new ContainerLayouts(dataRoot, execRoot);
        Runc runc = new Runc(runcBinary, execRoot.resolve("runc"));
        this.pauses = new ContainerPauses(repo, locks, this.events, runc, new Freezer(berth.engine.cgroup.CgroupMounts.host()));
        Conmon conmon = new Conmon(conmonBinary, runc, execRoot.resolve("exits"), execRoot.resolve("socket"));
        // an exit seen before the run lifecycle exists is not lost: recovery reconciles every running container
        this.exits = new ExitWatcher(execRoot.resolve("exits"), (id, code) -> onExitFile(id));
        this.network = new NetworkAttachment(networking, repo, layouts);
        this.cleanup = new RuntimeCleanup(runc, exits, network);
        this.logs = new ContainerLogs(logDefaults);
        this.mounts = new ContainerMounts(volumes, repo);
        this.creator = new ContainerCreator(repo, images, layouts::of, db.leases(), logs::merge, network, mounts);
        this.resources = new ContainerResources(repo, runc, locks);
        this.starter = new ContainerStarter(images, layers, ContainerFiles.initLayer(dataRoot), runc, conmon, attacher, logs,
                Isolations.peers(repo, layouts::of), network, mounts);
        RunLifecycle lifecycle = new RunLifecycle(repo, layouts, locks, this.events, cleanup, starter, attacher,
                waiters, exits, bootId.get(), id -> removalQuietly(id), pauses);
        this.restarts = new RestartSupervisor(repo, locks, new StopMarks(db), lifecycle::restartByPolicy);
        DirectExec direct = new DirectExec(runc, new ExecHelper(ExecHelper.locate(), runc));
        this.health = new HealthMonitors(new HealthProbe(new ShortExec(direct), layouts), this.events, repo,
                new HealthStore(db));
        lifecycle.supervise(restarts, health);
        // published to the exit watcher only now, with its restart and health parts in place
        this.runs = lifecycle;
        this.execs = new ContainerExecs(this, new berth.engine.runtime.ConmonExec(conmonBinary, runc), direct);
        this.removal = new ContainerRemoval(repo, layouts, locks, this.events, cleanup, attacher, waiters, runs);
        this.networkService = new ContainerNetworks(this);
    }

    private void onExitFile(String id) {
        RunLifecycle r = runs;
        if (r != null) r.onExit(id);
    }

    /** --rm (and a build step's container): the container goes with its anonymous volumes, as with Docker. */
    void removalQuietly(String id) {
        List<String> anonymous = mounts.anonymousVolumes(id);
        removal.removeQuietly(id, removed -> mounts.volumes().removeUnused(anonymous));
        restarts.forget(id);
        health.forget(id);
    }

    ContainerLayout layout(String id) {
        return layouts.of(id);
    }

    @Override
    public berth.engine.network.NetworkService networks() {
        return networkService;
    }

    @Override
    public IdResponse create(String name, ContainerCreateRequest request) {
        ContainerRecord record = creator.create(name, request);
        events.publish(record, "create");
        return new IdResponse(record.id(), List.of());
    }

    @Override
    public void start(String nameOrId) {
        runs.start(nameOrId);
    }

    @Override
    public void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        runs.stop(nameOrId, timeoutSeconds, signal);
    }

    @Override
    public void restart(String nameOrId, Integer timeoutSeconds, String signal) {
        runs.restart(nameOrId, timeoutSeconds, signal);
    }

    @Override
    public void kill(String nameOrId, String signal) {
        runs.kill(nameOrId, signal);
    }

    @Override
    public void remove(String nameOrId, boolean force, boolean removeVolumes) {
        String id = repo.resolve(nameOrId).record().id();
        if (restarts.isRestarting(id)) {
            if (!force) {
                throw new ConflictException("You cannot remove a restarting container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            restarts.stopRequested(id);
        }
        // rm -v: anonymous volumes that no other container uses go too; named ones always stay
        List<String> anonymous = removeVolumes ? mounts.anonymousVolumes(id) : List.of();
        removal.remove(nameOrId, force, removed -> mounts.volumes().removeUnused(anonymous));
        restarts.forget(id);
        health.forget(id);
    }

    // ---- queries ----

    @Override
    public ContainerInspect inspect(String nameOrId) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        List<Path> lower;
        try {
            lower = starter.shownLowerDirs(row.record());
        } catch (RuntimeException e) {
            lower = List.of();
        }
        String id = row.record().id();
        return ContainerViews.inspect(row, layouts.of(id), lower, restarting(row), pauses.isPaused(row),
                health.health(id).orElse(null), NetworkViews.settings(network, row.record()))
                .withExecIds(execs.liveIds(id)).withMounts(mounts.view(row.record()));
    }

    @Override
    public ContainerInspect inspect(String nameOrId, boolean size) {
        ContainerInspect inspect = inspect(nameOrId);
        if (!size) return inspect;
        long rw = ContainerViews.writtenBytes(layouts.of(inspect.id()).upper());
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
        }, name -> repo.resolve(name).record()).withLiveState(id -> !runs.isRunning(id) && restarts.isRestarting(id),
                health::status).withNetworks(r -> NetworkViews.networkIds(network, r), r -> NetworkViews.psPorts(network, r))
                .withMounts(mounts::view);
        boolean all = options.all() || filter.listsStopped() || options.limit() > 0;
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerRepository.Row row : repo.list()) {
            String id = row.record().id();
            boolean restarting = restarting(row);
            if (!all && !row.state().isRunning() && !restarting) continue;
            if (row.state().status() == ContainerStatus.CREATING) continue;
            if (BuildStepRunner.isBuildStep(row.record())) continue;
            boolean paused = pauses.isPaused(row);
            if (!filter.matches(row, paused)) continue;
            ContainerSummary summary = ContainerViews.summary(row, restarting, paused, health.suffix(id),
                    NetworkViews.psPorts(network, row.record()), NetworkViews.psNetworks(network, row.record()))
                    .withMounts(mounts.view(row.record()));
            if (options.size()) {
                long rw = ContainerViews.writtenBytes(layouts.of(row.record().id()).upper());
                summary = summary.withSizes(rw, rw + imageSize(row.record().imageId()));
            }
            out.add(summary);
            if (options.limit() > 0 && out.size() >= options.limit()) break;
        }
        return out;
    }

    /** Waiting out a restart delay, or being started after one: Docker's "restarting". */
    private boolean restarting(ContainerRepository.Row row) {
        return !row.state().isRunning() && restarts.isRestarting(row.record().id());
    }

    @Override
    public CompletableFuture<WaitResponse> wait(String nameOrId, WaitCondition condition) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        return locks.under(id, () -> {
            ContainerRepository.Row current = repo.get(id).orElseThrow(() -> NotFoundException.container(nameOrId));
            // a container waiting to be restarted counts as running, as in Docker
            if (condition == WaitCondition.NOT_RUNNING && !current.state().isRunning() && !restarts.isRestarting(id)) {
                return CompletableFuture.completedFuture(WaitResponse.exited(current.state().exitCode()));
            }
            return waiters.add(id, condition);
        });
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
                logs.read(record, layouts.of(record.id()), options, sink, () -> runs.isRunning(record.id()));
            }
        };
    }

    @Override
    public Attachment attach(String nameOrId, AttachOptions options) {
        ContainerRepository.Row row = repo.resolve(nameOrId);
        String id = row.record().id();
        AttachSession session = locks.under(id, () -> {
            AttachSession s = attacher.register(id, options, row.record().tty());
            if (runs.isRunning(id)) s.connect(layouts.of(id).shortLink().resolve("attach"));
            return s;
        });
        events.publish(row.record(), "attach");
        return session;
    }

    @Override
    public berth.api.model.ContainerStats stats(String nameOrId, boolean oneShot) {
        return resources.stats(nameOrId, oneShot);
    }

    @Override
    public berth.api.model.ContainerTop top(String nameOrId, String psArgs) {
        return resources.top(nameOrId, psArgs);
    }

    @Override
    public berth.api.model.ContainerUpdateResponse update(String nameOrId, berth.api.model.HostConfig changes) {
        return resources.update(nameOrId, changes);
    }

    // ---- start-up ----

    /** See {@link ContainerRecovery}; then a slow sweep backs up the exit watcher. */
    void recover() throws IOException {
        ContainerRecovery recovery = new ContainerRecovery(this);
        recovery.run();
        network.networking().recover(runs::isRunning);
        for (ContainerRepository.Row row : repo.list()) {
            if (row.state().isRunning()) {
                logs.resume(row.record(), layouts.of(row.record().id()));
                health.resumed(row.record(), row.state());
            } else {
                restarts.atStartup(row);
            }
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

    RunLifecycle runs() {
        return runs;
    }

    RestartSupervisor restarts() {
        return restarts;
    }

    ContainerStarter starter() {
        return starter;
    }

    ContainerRepository repo() {
        return repo;
    }

    ContainerLayouts layouts() {
        return layouts;
    }

    RuntimeCleanup cleanup() {
        return cleanup;
    }

    ContainerLocks locks() {
        return locks;
    }

    ContainerEvents events() {
        return events;
    }

    Attacher attacher() {
        return attacher;
    }

    ImageStore images() {
        return images;
    }

    ContainerCreator creator() {
        return creator;
    }

    ContainerRemoval removal() {
        return removal;
    }

    ContainerPauses pauses() {
        return pauses;
    }

    ContainerExecs execs() {
        return execs;
    }

    ContainerMounts mounts() {
        return mounts;
    }

    NetworkAttachment network() {
        return network;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        restarts.close();
        health.close();
        exits.close();
        cleanup.close();
        network.networking().close();
        logs.close();
    }
}
