package berth.engine.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.model.ContainerCreateRequest;
import berth.api.model.HostConfig;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.sys.BootId;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real stores in a temp dir, a "busybox" image imported from the host's busybox-static, and a container service
 * over them that can be closed and opened again as after a berthd restart. Needs root, runc and conmon.
 */
final class EngineFixture implements AutoCloseable {
    static final Path RUNC = Path.of("/usr/sbin/runc");
    static final Path CONMON = Path.of("/usr/bin/conmon");

    final Path root;
    private final Database db;
    private final LayerStore layers;
    private final EventService events;
    private final ImageStore images;
    private ContainerService containers;
    /** The boot id the next (re)opened service sees; a test changes it to fake a reboot. */
    volatile String bootId = BootId.current();
    private final Duration sweepInterval;

    private EngineFixture(Path root, Duration sweepInterval) throws Exception {
        this.root = root;
        this.sweepInterval = sweepInterval;
        this.db = Database.open(root.resolve("data/berth.db"));
        ContentStore content = ContentStore.open(root.resolve("data"));
        this.layers = LayerStore.open(root.resolve("data"), db);
        this.events = EventService.create();
        this.images = ImageStore.open(db, content, layers, events);
        ImageService imageService = ImageService.create(db, content, layers, images, events);
        Process p = new ProcessBuilder(Path.of("../scripts/busybox-rootfs.sh").toAbsolutePath().toString()).start();
        try (InputStream tar = p.getInputStream()) {
            imageService.importImage(tar, "busybox", null, List.of("CMD [\"sh\"]"), null, m -> {});
        }
        this.containers = open();
    }

    static EngineFixture start() throws Exception {
        return start(LocalContainerService.EXIT_SWEEP_INTERVAL);
    }

    /** {@code sweepInterval} null: no exit sweep, exits are recorded by the exit watcher alone. */
    static EngineFixture start(Duration sweepInterval) throws Exception {
        assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(CONMON) && Files.isExecutable(Path.of("/bin/busybox"))
                && "root".equals(System.getProperty("user.name")), "needs root, runc, conmon and busybox-static");
        return new EngineFixture(Files.createTempDirectory(Path.of("/tmp"), "bct-"), sweepInterval);
    }

    private ContainerService open() throws Exception {
        LocalContainerService service = new LocalContainerService(db, images, layers, events, root.resolve("data"),
                root.resolve("exec"), RUNC, CONMON, null, () -> bootId, sweepInterval);
        service.recover();
        return service;
    }

    ContainerService containers() {
        return containers;
    }

    LocalContainerService service() {
        return (LocalContainerService) containers;
    }

    /** Closes the service without touching its containers and opens a new one: a berthd restart. */
    ContainerService restart() throws Exception {
        ((AutoCloseable) containers).close();
        containers = open();
        return containers;
    }

    void closeOnly() throws Exception {
        ((AutoCloseable) containers).close();
    }

    String create(List<String> cmd, boolean openStdin, HostConfig hostConfig) {
        var req = new ContainerCreateRequest(null, null, null, openStdin, true, true, null, false, openStdin, openStdin,
                null, cmd, "busybox", null, null, null, null, null, null, null, null, hostConfig, null);
        return containers.create(null, req).id();
    }

    static HostConfig autoRemove() {
        return new HostConfig(null, null, null, null, true, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Override
    public void close() throws Exception {
        for (var c : containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()))) {
            containers.remove(c.id(), true, false);
        }
        ((AutoCloseable) containers).close();
        db.close();
        new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
    }
}
