package berth.engine;

import berth.api.ApiVersion;
import berth.api.model.SystemInfo;
import berth.engine.container.ContainerService;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.registry.DistributionService;
import berth.engine.store.Database;
import berth.engine.system.Components;
import berth.engine.system.SystemInfoProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private Engine(Database db, EventService events, ImageService images, DistributionService distribution,
                   ContainerService containers, SystemInfoProvider info) {
        this.db = db;
        this.events = events;
        this.images = images;
        this.distribution = distribution;
        this.containers = containers;
        this.info = info;
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
        ContentStore content = ContentStore.open(config.dataRoot());
        content.recover();
        LayerStore layers = LayerStore.open(config.dataRoot(), db);
        layers.recover();
        ImageStore imageStore = ImageStore.open(db, content, layers, events);
        ImageService images = ImageService.create(db, content, layers, imageStore, events);
        DistributionService distribution = DistributionService.create(content, layers, imageStore, events,
                config.insecureRegistries());
        ContainerService containers = ContainerService.open(db, imageStore, layers, events, config.dataRoot(),
                config.execRoot(), config.runc(), config.conmon());
        return new Engine(db, events, images, distribution, containers,
                new SystemInfoProvider(config, images, containers, engineId(config.dataRoot()),
                        ApiVersion.DOCKER_RELEASE, components));
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

    public DistributionService distribution() {
        return distribution;
    }

    public ContainerService containers() {
        return containers;
    }

    public EventService events() {
        return events;
    }

    public SystemInfo info() {
        return info.info(events.subscribers());
    }

    @Override
    public void close() {
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
