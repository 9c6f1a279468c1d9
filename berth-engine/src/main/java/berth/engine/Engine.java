package berth.engine;

import berth.api.ApiVersion;
import berth.api.model.DiskUsage;
import berth.api.model.SystemInfo;
import berth.engine.container.ContainerService;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.gc.GarbageCollector;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.network.Networking;
import berth.engine.registry.DistributionService;
import berth.engine.store.Database;
import berth.engine.system.Components;
import berth.engine.system.DiskUsageProvider;
import berth.engine.system.SystemInfoProvider;
import berth.engine.volume.VolumeService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The composition root: builds the services in dependency order with plain constructors, runs start-up recovery,
 * and owns shutdown. It has no behaviour of its own (GUIDE A1: no god object).
 */
public final class Engine implements AutoCloseable {
    private final Database db;
    private final EventService events;
    private final ImageService images;
    private final DistributionService distribution;
    private final ContainerService containers;
    private final SystemInfoProvider info;
    private final DiskUsageProvider diskUsage;
    private final berth.engine.container.ContainerFilesystem filesystem;
    private final berth.engine.archive.ImageArchives archives;
    private final berth.engine.image.ImagePruner imagePruner;
    private final berth.engine.search.ImageSearch search = new berth.engine.search.ImageSearch();
    private final berth.engine.build.BuildService builder;
    private final VolumeService volumes;
    private final berth.engine.container.StatsHistoryService statsHistory;
    private final berth.engine.image.ImageLayers imageLayers;

    private Engine(Database db, EventService events, ImageService images, DistributionService distribution,
                   ContainerService containers, VolumeService volumes, SystemInfoProvider info,
                   DiskUsageProvider diskUsage, berth.engine.archive.ImageArchives archives,
                   berth.engine.image.ImagePruner imagePruner, berth.engine.build.BuildService builder,
                   berth.engine.image.ImageLayers imageLayers) {
        this.builder = builder;
        this.imageLayers = imageLayers;
        this.statsHistory = berth.engine.container.StatsHistoryService.start(containers);
        this.volumes = volumes;
        diskUsage.volumesFrom(() -> List.copyOf(volumes.usage()));
        this.db = db;
        this.events = events;
        this.images = images;
        this.distribution = distribution;
        this.containers = containers;
        this.info = info;
        this.diskUsage = diskUsage;
        this.archives = archives;
        this.imagePruner = imagePruner;
        this.filesystem = berth.engine.container.ContainerFilesystem.of(containers, images);
    }

    public static Engine start(EngineConfig config) throws IOException {
        return start(config, new Components(config));
    }

    /** {@code components} may be shared with the daemon's /version, which answers before the engine has started. */
    public static Engine start(EngineConfig config, Components components) throws IOException {
        Files.createDirectories(config.dataRoot());
        Files.createDirectories(config.execRoot());
        Database db = Database.open(config.dataRoot().resolve("berth.db"));
        EventService events = EventService.create();
        ContentStore content = ContentStore.open(config.dataRoot(), db.leases());
        content.recover();
        LayerStore layers = LayerStore.open(config.dataRoot(), db);
        layers.recover();
        ImageStore imageStore = ImageStore.open(db, content, layers, events);
        ImageService images = ImageService.create(db, content, layers, imageStore, events);
        DistributionService distribution = DistributionService.create(content, layers, imageStore, events, config.registry());
        Networking networking = Networking.open(db, config.network(), events);
        VolumeService volumes = VolumeService.open(db, config.dataRoot(), events);
        ContainerService containers = ContainerService.open(db, imageStore, layers, events, config.dataRoot(),
                config.execRoot(), config.runc(), config.conmon(), config.logDefaults(), networking, volumes);
        var builder = new berth.engine.build.LocalBuildService(db, content, layers, imageStore, distribution,
                berth.engine.container.BuildContainers.of(containers), config.dataRoot(), config.execRoot());
        builder.recover();
        // Off the start-up path: a collection only removes what nothing references, so requests may run meanwhile.
        GarbageCollector gc = new GarbageCollector(db, content, layers);
        db.leases().collectWith(() -> collectQuietly(gc, "after a failed pull"));
        Thread.ofVirtual().name("gc-at-start").start(() -> collectQuietly(gc, "at start-up"));
        DiskUsageProvider diskUsage = new DiskUsageProvider(images, containers, layers, content, config.dataRoot());
        diskUsage.buildCacheFrom(new BuildCacheView(builder));
        return new Engine(db, events, images, distribution, containers, volumes,
                new SystemInfoProvider(config, images, containers, engineId(config.dataRoot()),
                        ApiVersion.DOCKER_RELEASE, components),
                diskUsage,
                berth.engine.archive.ImageArchives.create(db, content, layers, imageStore, images, events),
                berth.engine.image.ImagePruner.of(images, db, content, layers), builder,
                new berth.engine.image.ImageLayers(images, layers));
    }

    private static void collectQuietly(GarbageCollector gc, String when) {
        try {
            gc.collect();
        } catch (RuntimeException e) {
            // garbage stays until the next collection; closing the engine meanwhile ends up here too
            System.getLogger("berth.gc").log(System.Logger.Level.WARNING, "gc " + when + ": " + e.getMessage());
        }
    }

    /** A stable daemon ID, kept in the data root like dockerd's engine-id. */
    private static String engineId(Path dataRoot) throws IOException {
        Path file = dataRoot.resolve("engine-id");
        if (Files.exists(file)) return Files.readString(file).strip();
        String id = UUID.randomUUID().toString();
        Files.writeString(file, id);
        return id;
    }

    public ImageService images() {
        return images;
    }

    /** {@code docker search}: Docker Hub, or a private registry's catalog. */
    public berth.engine.search.ImageSearch search() {
        return search;
    }

    /** {@code image prune}. */
    public berth.engine.image.ImagePruner imagePruner() {
        return imagePruner;
    }

    /** The build cache as df and build prune see it: the builder's step cache. */
    public berth.engine.system.BuildCacheUsage buildCache() {
        return diskUsage.buildCache();
    }

    /** save, load, and import from a URL. */
    public berth.engine.archive.ImageArchives archives() {
        return archives;
    }

    public DistributionService distribution() {
        return distribution;
    }

    public ContainerService containers() {
        return containers;
    }

    public berth.engine.network.NetworkService networks() {
        return containers.networks();
    }

    /** Renaming and pruning containers. */
    public berth.engine.container.ContainerManagement containerManagement() {
        return berth.engine.container.ContainerManagement.of(containers);
    }

    /** Exec instances and terminal resizes of the containers above. */
    public berth.engine.container.ExecService execs() {
        return berth.engine.container.ExecService.of(containers);
    }

    /** The image builder (POST /build). */
    public berth.engine.build.BuildService builder() {
        return builder;
    }

    /** The volume API; containers use the same volumes. */
    public VolumeService volumes() {
        return volumes;
    }

    /** The last hour of each container's resource use (Berth's own). */
    public berth.engine.container.StatsHistoryService statsHistory() {
        return statsHistory;
    }

    /** An image's layers with the files each one changes (Berth's own). */
    public berth.engine.image.ImageLayers imageLayers() {
        return imageLayers;
    }

    public EventService events() {
        return events;
    }

    public berth.engine.container.PauseService pauses() {
        return berth.engine.container.PauseService.of(containers);
    }

    /** diff, cp, export and commit of containers. */
    public berth.engine.container.ContainerFilesystem containerFilesystem() {
        return filesystem;
    }

    public SystemInfo info() {
        return info.info(events.subscribers());
    }

    /** {@code GET /system/df} for the given object types (empty: all). */
    public DiskUsage diskUsage(java.util.Set<String> types) {
        return diskUsage.usage(types);
    }

    @Override
    public void close() {
        statsHistory.close();
        if (containers instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down: containers keep running under conmon regardless
            }
        }
        db.close();
    }
}
