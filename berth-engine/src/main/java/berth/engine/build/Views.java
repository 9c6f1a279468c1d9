package berth.engine.build;

import berth.engine.layer.LayerStore;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-only views of a step's image (a read-only overlay of its layers), for what COPY needs to know about the
 * image: its /etc/passwd, the directories and symlinks the destination goes through, another stage's files for
 * {@code --from}. Mounted under the exec root, so that start-up recovery finds any a crash left behind.
 */
final class Views {
    private final LayerStore layers;
    private final Path dir;
    private final AtomicInteger next = new AtomicInteger();

    Views(LayerStore layers, Path dir) {
        this.layers = layers;
        this.dir = dir;
    }

    /** A mounted view; {@code path} is null for an image without layers (scratch). */
    record View(Path path) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (path == null) return;
            Mounts.unmount(path);
            Files.deleteIfExists(path);
        }
    }

    View of(ImageState state) throws IOException {
        if (state.topLayer() == null) return new View(null);
        List<Path> lower = new ArrayList<>(layers.lowerDirs(state.topLayer()));
        if (lower.size() == 1) {
            // overlayfs wants two lower dirs when it has no upper one
            Path empty = dir.resolve("empty");
            Files.createDirectories(empty);
            lower.add(empty);
        }
        Path target = dir.resolve("v" + next.incrementAndGet());
        Files.createDirectories(target);
        Mounts.overlayReadOnly(lower, target);
        return new View(target);
    }

    /**
     * A writable view of the directory {@code source}: an overlay whose upper directory is made under
     * {@code scratch}, so that writes through it never reach the source and go when the view closes.
     */
    View writable(Path source, Path scratch) throws IOException {
        Path upper = scratch.resolve("upper");
        Path work = scratch.resolve("work");
        Files.createDirectories(upper);
        Files.createDirectories(work);
        Path target = dir.resolve("w" + next.incrementAndGet());
        Files.createDirectories(target);
        Mounts.overlay(List.of(source), upper, work, target);
        return new View(target);
    }

    /**
     * A new file, readable by its owner only, beside the views (under the exec root, a tmpfs in the default setup,
     * and removed with the build or at start-up): where a step's secret is written for as long as it runs.
     */
    Path privateFile(byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve("s" + next.incrementAndGet());
        Files.createFile(p, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(p, content);
        return p;
    }

    /** Unmounts and removes every view under {@code root} (a build's, or all builds' at start-up). */
    static void removeAll(Path root) {
        if (!Files.isDirectory(root)) return;
        try (var walk = Files.walk(root, 2)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Mounts.unmount(p);
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.getLogger("berth.build").log(System.Logger.Level.WARNING,
                            "removing build view " + p + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.getLogger("berth.build").log(System.Logger.Level.WARNING, "listing " + root + ": " + e.getMessage());
        }
    }
}
