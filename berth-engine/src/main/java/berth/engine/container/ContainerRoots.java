package berth.engine.container;

import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A container's merged root filesystem for a copy: a running container's is its mounted rootfs; a stopped one's is
 * mounted for the occasion. Reads get a read-only overlay of the upper dir over the init layer and the image's layers
 * at a private mount point, so they need no lock and never block a start. Writes to a stopped container mount its
 * own overlay at its rootfs, under its lock, as a start would, so that no start runs meanwhile.
 */
final class ContainerRoots {
    private static final System.Logger LOG = System.getLogger("berth.container");
    private final ContainerRepository repo;
    private final ContainerLayouts layouts;
    private final ContainerLocks locks;
    private final ContainerStarter starter;

    ContainerRoots(ContainerRepository repo, ContainerLayouts layouts, ContainerLocks locks, ContainerStarter starter) {
        this.repo = repo;
        this.layouts = layouts;
        this.locks = locks;
        this.starter = starter;
    }

    /** A root to read; closing it unmounts a view mounted for it. */
    record Root(Path path, Path view) implements AutoCloseable {
        @Override
        public void close() {
            if (view == null) return;
            try {
                Mounts.unmount(view);
                Files.deleteIfExists(view);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "removing the view " + view + ": " + e.getMessage());
            }
        }
    }

    Root forReading(String id) {
        ContainerLayout l = layouts.of(id);
        ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(id));
        if (row.state().isRunning() && Mounts.isMounted(l.rootfs())) return new Root(l.rootfs(), null);
        Path view = views(l).resolve(id.substring(0, 12) + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            List<Path> lower = new ArrayList<>();
            lower.add(l.upper());
            lower.addAll(starter.lowerDirs(row.record()));
            Files.createDirectories(view);
            Mounts.overlayReadOnly(lower, view);
            return new Root(view, view);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(view);
            } catch (IOException ignored) {
                // an empty directory in the container's dir goes with the container
            }
            throw new InternalException("mounting the filesystem of container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where read-only views are mounted: under the exec root, not in the container's directory, so that a view a crash
     * left mounted never stands in the way of removing the container.
     */
    private static Path views(ContainerLayout l) {
        return l.execRoot().resolve("views");
    }

    /** At start-up: views mounted by a berthd that is gone are unmounted and removed. */
    void recover() {
        Path dir = layouts.execRoot().resolve("views");
        if (!Files.isDirectory(dir)) return;
        try (var s = Files.newDirectoryStream(dir)) {
            for (Path view : s) new Root(view, view).close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "removing leftover views in " + dir + ": " + e.getMessage());
        }
    }

    @FunctionalInterface
    interface RootAction<T> {
        T apply(Path root) throws IOException;
    }

    /** Runs {@code action} on a writable root of the container. */
    <T> T writing(String id, RootAction<T> action) throws IOException {
        ContainerLayout l = layouts.of(id);
        ContainerRepository.Row row = repo.get(id).orElseThrow(() -> NotFoundException.container(id));
        if (row.state().isRunning() && Mounts.isMounted(l.rootfs())) return action.apply(l.rootfs());
        try {
            return locks.under(id, () -> {
                ContainerRepository.Row now = repo.get(id).orElseThrow(() -> NotFoundException.container(id));
                try {
                    if (now.state().isRunning()) return action.apply(l.rootfs());
                    Mounts.unmount(l.rootfs());
                    Files.createDirectories(l.rootfs());
                    Mounts.overlay(starter.lowerDirs(now.record()), l.upper(), l.work(), l.rootfs());
                    try {
                        return action.apply(l.rootfs());
                    } finally {
                        Mounts.unmount(l.rootfs());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
