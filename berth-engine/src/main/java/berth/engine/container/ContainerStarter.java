package berth.engine.container;

import berth.api.Json;
import berth.api.errors.NotFoundException;
import berth.engine.content.Digest;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.runtime.Conmon;
import berth.engine.runtime.OciSpecBuilder;
import berth.engine.runtime.ProcessSpec;
import berth.engine.runtime.Runc;
import berth.engine.store.Memo;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot path of a start: mount the rootfs, write config.json, have conmon run {@code runc create}, connect the
 * attach sessions, then {@code runc start}. No process is spawned besides conmon's launcher: mounts are syscalls, the
 * FIFO is mkfifo(3), and runc start is an open of runc's exec FIFO.
 */
final class ContainerStarter {
    private final ImageStore images;
    private final LayerStore layers;
    private final Path initLayer;
    private final Runc runc;
    private final Conmon conmon;
    private final Attacher attacher;
    private final ContainerLogs logs;
    private final NetworkAttachment network;
    private final NamespaceModes.Peers peers;
    private final ContainerMounts mounts;
    /** See {@link #shownLowerDirs}. */
    private final Memo<List<Path>> shownLowerDirs = new Memo<>(16, imageId -> {
        try {
            return List.copyOf(lowerDirs(imageId, imageId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });
    /** Runs between {@code runc create} and {@code runc start} with the init pid; tests use it to kill init there. */
    volatile java.util.function.IntConsumer beforeRuncStart = pid -> { };

    ContainerStarter(ImageStore images, LayerStore layers, Path initLayer, Runc runc, Conmon conmon, Attacher attacher,
                     ContainerLogs logs, NamespaceModes.Peers peers, NetworkAttachment network, ContainerMounts mounts) {
        this.mounts = mounts;
        this.images = images;
        this.layers = layers;
        this.initLayer = initLayer;
        this.runc = runc;
        this.conmon = conmon;
        this.attacher = attacher;
        this.logs = logs;
        this.peers = peers;
        this.network = network;
    }

    /** The container's mounts, for the end of a run (their volumes' unmount events). */
    ContainerMounts mounts() {
        return mounts;
    }

    /** MS_NOSUID | MS_NODEV | MS_NOEXEC, as the container's own /dev/shm. */
    private static final long SHM_FLAGS = 2 | 4 | 8;

    /** The run's process: its host pid and start time (clock ticks since boot). */
    record Started(int pid, long startTime) {}

    /** Runs the container's process. On failure the caller undoes the mount and runc state. */
    Started start(ContainerRecord r, ContainerLayout l) throws IOException {
        mountRootfs(r, l);
        // netavark runs in the background from here until just before runc start
        NetworkAttachment.Prepared net = network.prepare(r, l);
        // copy-ups into new volumes run from here until just before runc start, beside conmon and runc create
        ContainerMounts.Prepared volumes = mounts.prepare(r, l.rootfs());
        try {
            return start(r, l, net, volumes);
        } catch (IOException | RuntimeException e) {
            volumes.awaitCopiesQuietly();
            throw e;
        }
    }

    private Started start(ContainerRecord r, ContainerLayout l, NetworkAttachment.Prepared net,
                          ContainerMounts.Prepared volumes) throws IOException {
        ProcessSpec spec = ProcessSpecs.spec(r, l, peers, volumes.binds());
        java.util.Map<String, Object> oci = OciSpecBuilder.build(spec, ResourceLimits.host().resources(r.hostConfig()));
        net.applyTo(oci);
        Files.write(l.configJson(), Json.mapper().writeValueAsBytes(TerminalSize.withConsoleSize(oci,
                r.tty() ? r.hostConfig().consoleSize() : null)));
        Path link = l.shortLink();
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, l.dir());
        LogPolicy log = logs.policy(r);
        Path logFile = logs.beforeStart(l, log);
        int pid = conmon.create(new Conmon.Launch(r.id(), r.name(), l.dir(), logFile, log.maxSize(), l.persist(),
                r.openStdin(), r.tty(), r.tty() || !Boolean.TRUE.equals(r.config().stdinOnce())));
        // read while init waits on its exec FIFO: a process that exits at once has no stat left to read afterwards
        long startTime = RunProcess.startTimeOf(pid);
        logs.keep(l, log);
        attacher.connectAll(r.id(), link.resolve("attach"));
        beforeRuncStart.accept(pid);
        net.awaitReady();
        volumes.awaitCopies();
        runc.start(r.id(), pid);
        return new Started(pid, startTime);
    }

    private static long shmSize(berth.api.model.HostConfig h) {
        return h.shmSize() == null || h.shmSize() == 0 ? berth.engine.runtime.Confinement.DEFAULT_SHM_SIZE : h.shmSize();
    }

    private void mountRootfs(ContainerRecord r, ContainerLayout l) throws IOException {
        Mounts.unmount(l.rootfs()); // left over by a crash between mount and exit handling
        Files.deleteIfExists(l.persist().resolve("exit"));
        Files.deleteIfExists(l.persist().resolve("oom"));
        Files.deleteIfExists(l.conmonPid()); // a stale pid would name another process once its conmon is gone
        Files.createDirectories(l.persist());
        Mounts.overlay(lowerDirs(r), l.upper(), l.work(), l.rootfs());
        if (NamespaceModes.shareable(r.hostConfig())) {
            Mounts.unmount(l.shm());
            Files.createDirectories(l.shm());
            Mounts.mount("shm", l.shm(), "tmpfs", SHM_FLAGS, "mode=1777,size=" + shmSize(r.hostConfig()));
        }
    }

    /**
     * Top-most first (overlayfs order): the init layer sits above the image's layers, so its real /etc/hosts, /dev
     * etc. hide whatever the image has there.
     */
    List<Path> lowerDirs(ContainerRecord r) throws IOException {
        return lowerDirs(r.imageId(), r.imageName());
    }

    private List<Path> lowerDirs(String imageId, String imageName) throws IOException {
        List<Path> lower = new ArrayList<>();
        lower.add(initLayer);
        ImageRecord image = images.get(Digest.parse(imageId)).orElseThrow(() -> NotFoundException.image(imageName));
        if (image.topLayer() != null) lower.addAll(layers.lowerDirs(image.topLayer()));
        return lower;
    }

    /**
     * {@link #lowerDirs} as inspect shows them, without looking at the disk each time: an image's layers are fixed
     * by its ID, and a container keeps its image while it exists.
     */
    List<Path> shownLowerDirs(ContainerRecord r) {
        return shownLowerDirs.get(r.imageId());
    }

}
