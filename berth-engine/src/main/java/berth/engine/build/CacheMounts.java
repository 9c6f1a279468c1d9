package berth.engine.build;

import berth.engine.build.dockerfile.RunMount;
import berth.engine.content.Digest;
import berth.engine.layer.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * The directories of {@code RUN --mount=type=cache}: one per cache id under {@code <data-root>/build-mounts}, kept
 * between builds (and restarts) until {@code builder prune}. They are bind-mounted into step containers, so nothing
 * in them becomes part of a layer or of a step's cache key. {@code sharing=locked} lets one step at a time use an
 * id; {@code private} gives a step a throw-away directory of its own when the id is in use.
 */
final class CacheMounts {
    private static final System.Logger LOG = System.getLogger("berth.build");
    private static final String TEMPORARY = "tmp-";

    private final Path root;
    /** Steps using each directory now, by directory name; guarded by {@code this}. */
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

    CacheMounts(Path root) {
        this.root = root;
    }

    /** A cache directory held by one step; closing it lets others (and prune) have it. */
    interface Lease extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }

    /** Where a new cache directory takes its first content from ({@code from=}, {@code source=}); null: empty. */
    Lease acquire(RunMount.Cache mount, Path seed) throws IOException {
        String name = Digest.sha256(mount.id().getBytes(StandardCharsets.UTF_8)).hex();
        Semaphore lock = null;
        if (mount.sharing() == RunMount.Sharing.LOCKED) {
            lock = locks.computeIfAbsent(name, n -> new Semaphore(1, true));
            try {
                lock.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("build interrupted");
            }
        }
        try {
            synchronized (this) {
                if (mount.sharing() == RunMount.Sharing.PRIVATE && inUse.getOrDefault(name, 0) > 0) {
                    Path temporary = root.resolve(TEMPORARY + UUID.randomUUID());
                    create(temporary, mount, seed);
                    return new Lease() {
                        public Path path() {
                            return temporary;
                        }

                        public void close() throws IOException {
                            Trees.delete(temporary);
                        }
                    };
                }
                Path dir = root.resolve(name);
                if (!Files.isDirectory(dir)) {
                    Path fresh = root.resolve(TEMPORARY + UUID.randomUUID());
                    create(fresh, mount, seed);
                    Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
                }
                inUse.merge(name, 1, Integer::sum);
            }
        } catch (IOException | RuntimeException e) {
            if (lock != null) lock.release();
            throw e;
        }
        Semaphore held = lock;
        Path dir = root.resolve(name);
        return new Lease() {
            private boolean closed;

            public Path path() {
                return dir;
            }

            public void close() {
                synchronized (CacheMounts.this) {
                    if (closed) return;
                    closed = true;
                    inUse.merge(name, -1, (a, b) -> a + b == 0 ? null : a + b);
                }
                if (held != null) held.release();
            }
        };
    }

    private static void create(Path dir, RunMount.Cache mount, Path seed) throws IOException {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir);
        if (seed != null) copyTree(seed, dir);
        Files.setAttribute(dir, "unix:mode", (int) (mount.mode() == null ? 0755 : mount.mode() & 07777));
        if (mount.uid() != null || mount.gid() != null) {
            Files.setAttribute(dir, "unix:uid", (int) (mount.uid() == null ? 0 : mount.uid().longValue()));
            Files.setAttribute(dir, "unix:gid", (int) (mount.gid() == null ? 0 : mount.gid().longValue()));
        }
    }

    /** Copies a tree (or one file, into {@code to}) with modes and owners, symlinks as links. */
    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to.resolve(from.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
            return;
        }
        List<Path[]> dirs = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path target = to.resolve(from.relativize(d).toString());
                if (!d.equals(from)) Files.createDirectory(target);
                dirs.add(new Path[] {d, target});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
        // directories last, so that a read-only one does not stop its own content from being written
        for (Path[] d : dirs.reversed()) {
            if (d[0].equals(from)) continue;
            Files.setAttribute(d[1], "unix:mode", Files.getAttribute(d[0], "unix:mode", LinkOption.NOFOLLOW_LINKS));
            Files.setAttribute(d[1], "unix:uid", Files.getAttribute(d[0], "unix:uid", LinkOption.NOFOLLOW_LINKS));
            Files.setAttribute(d[1], "unix:gid", Files.getAttribute(d[0], "unix:gid", LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** What a prune removed (or would remove): the cache ids' directory names and their bytes. */
    record Pruned(List<String> names, long bytes) {}

    /** Removes every cache directory no step holds now (with {@code dryRun}, only says which). */
    synchronized Pruned prune(boolean dryRun) {
        List<String> names = new ArrayList<>();
        long bytes = 0;
        if (!Files.isDirectory(root)) return new Pruned(names, 0);
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (inUse.containsKey(name) || name.startsWith(TEMPORARY)) continue;
                bytes += Trees.regularFileBytes(p);
                names.add("mount:" + name.substring(0, Math.min(25, name.length())));
                if (!dryRun) Trees.delete(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "pruning build cache mounts: " + e.getMessage());
        }
        return new Pruned(names, bytes);
    }

    /** At start-up: throw-away directories a crash left behind. */
    void recover() {
        if (!Files.isDirectory(root)) return;
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.toList()) if (p.getFileName().toString().startsWith(TEMPORARY)) Trees.delete(p);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleaning build cache mounts: " + e.getMessage());
        }
    }
}
