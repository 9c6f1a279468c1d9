package berth.engine.container;

import berth.api.errors.ConflictException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerPathStat;
import berth.api.model.FilesystemChange;
import berth.engine.layer.RootPath;
import berth.engine.layer.TarExtractor;
import berth.engine.layer.TarWriter;
import berth.engine.layer.UpperDirDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * diff, the archive endpoints of {@code docker cp}, and export, over a container's root (see {@link ContainerRoots});
 * commit is the {@link Committer}'s.
 */
final class ContainerArchive implements ContainerFilesystem {
    private final ContainerRepository repo;
    private final ContainerLayouts layouts;
    private final ContainerRoots roots;
    private final ContainerStarter starter;
    private final Committer committer;
    private final ContainerMounts mounts;

    ContainerArchive(ContainerRepository repo, ContainerLayouts layouts, ContainerRoots roots, ContainerStarter starter,
                     Committer committer, ContainerMounts mounts) {
        this.mounts = mounts;
        this.repo = repo;
        this.layouts = layouts;
        this.roots = roots;
        this.starter = starter;
        this.committer = committer;
    }

    @Override
    public List<FilesystemChange> changes(String nameOrId) {
        ContainerRecord r = repo.resolve(nameOrId).record();
        try {
            return UpperDirDiff.changes(layouts.of(r.id()).upper(), starter.lowerDirs(r));
        } catch (IOException e) {
            throw new InternalException("reading the changes of container " + r.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where a path of the container is on the host: inside one of its bind or volume mounts (the deepest that covers
     * it), whose source is read directly, or else in its root. {@code path} keeps a trailing "/" or "/.".
     */
    private record Target(Path root, String path, String abs, ContainerMounts.Covered mount) {
        /**
         * The mount point itself: its host path is one Berth resolved (a volume's _data, a bind's source), used as it
         * is rather than through a descriptor (whose /proc link would stat as a symlink).
         */
        boolean isMountRoot() {
            return mount != null && RootPath.clean(path).isEmpty();
        }
    }

    private Target target(ContainerRecord r, Path containerRoot, String path) {
        String p = path == null ? "" : path;
        String abs = "/" + String.join("/", RootPath.clean(p));
        ContainerMounts.Covered c = mounts.covering(r, abs);
        if (c == null) return new Target(containerRoot, p, abs, null);
        String rest = c.rest().isEmpty() ? "/" : c.rest();
        if (p.endsWith("/.")) rest = rest.equals("/") ? "/." : rest + "/.";
        else if (p.endsWith("/") && !rest.equals("/")) rest = rest + "/";
        return new Target(c.hostRoot(), rest, abs, c);
    }

    @FunctionalInterface
    private interface StatCall {
        ContainerPathStat get() throws IOException;
    }

    /** A stat made inside a mount, named, linked and reported missing as the container sees the path. */
    private static ContainerPathStat asSeen(Target t, StatCall call, String nameOrId) throws IOException {
        if (t.mount() == null) return call.get();
        ContainerPathStat s;
        try {
            s = call.get();
        } catch (berth.api.errors.NotFoundException e) {
            throw PathStats.notFound(t.abs(), nameOrId);
        }
        String name = t.abs().equals("/") ? "/" : t.abs().substring(t.abs().lastIndexOf('/') + 1);
        String link = s.linkTarget().isEmpty() ? "" : t.mount().destination() + (s.linkTarget().equals("/") ? "" : s.linkTarget());
        return new ContainerPathStat(name, s.size(), s.mode(), s.mtime(), link);
    }

    @Override
    public ContainerPathStat stat(String nameOrId, String path) {
        ContainerRecord r = repo.resolve(nameOrId).record();
        String id = r.id();
        try (ContainerRoots.Root root = roots.forReading(id)) {
            Target t = target(r, root.path(), path);
            if (t.isMountRoot()) {
                try (PinnedPath pinned = new PinnedPath(t.root(), null)) {
                    return asSeen(t, () -> PathStats.stat(t.root(), pinned, "/", nameOrId), nameOrId);
                }
            }
            return asSeen(t, () -> PathStats.stat(t.root(), t.path(), nameOrId), nameOrId);
        } catch (IOException e) {
            throw new InternalException("stat of " + path + " in container " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PathArchive archive(String nameOrId, String path) {
        ContainerRecord r = repo.resolve(nameOrId).record();
        String id = r.id();
        ContainerRoots.Root root = roots.forReading(id);
        PinnedPath pinned = null;
        try {
            Target t = target(r, root.path(), path);
            String abs = PathStats.absolute(t.path());
            try {
                pinned = t.isMountRoot() ? new PinnedPath(t.root(), null) : PinnedPath.lastNotFollowed(t.root(), abs);
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                throw PathStats.notFound(t.abs(), nameOrId);
            }
            PinnedPath last = pinned;
            ContainerPathStat stat = asSeen(t, () -> PathStats.stat(t.root(), last, abs, nameOrId), nameOrId);
            Path source = pinned.path();
            String name = entryName(path, stat);
            if (followsLast(path)) {
                // "dir/." and "dir/": the directory itself (a link to one followed), its contents named below "."
                pinned.close();
                pinned = t.isMountRoot() ? new PinnedPath(t.root(), null) : PinnedPath.followed(t.root(), abs);
                // "/proc/self/fd/N" is itself a link to what it holds; the tar writer does not follow links
                source = pinned.handle() == null ? pinned.path() : pinned.path().resolve(".");
            }
            PinnedPath held = pinned;
            Path from = source;
            return new PathArchive() {
                @Override
                public ContainerPathStat stat() {
                    return stat;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    TarWriter.writeEntry(from, name, out);
                }

                @Override
                public void close() {
                    held.close();
                    root.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (pinned != null) pinned.close();
            root.close();
            if (e instanceof RuntimeException re) throw re;
            throw new InternalException("archiving " + path + " in container " + id + ": " + e.getMessage(), e);
        }
    }

    private static boolean followsLast(String path) {
        return path.endsWith("/") || path.endsWith("/.");
    }

    /** moby's TarResourceRebase: entries are named after the path's last element ("." for "dir/."). */
    private static String entryName(String path, ContainerPathStat stat) {
        if (path.endsWith("/.") || path.equals(".")) return ".";
        return stat.name().equals("/") ? "." : stat.name();
    }

    @Override
    public void extract(String nameOrId, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        ContainerRecord r = repo.resolve(nameOrId).record();
        String abs = "/" + String.join("/", RootPath.clean(path == null ? "" : path));
        ContainerMounts.Covered covered = mounts.covering(r, abs);
        if (covered != null && covered.readOnly()) throw new ConflictException("mounted volume is marked read-only");
        if (covered == null && Boolean.TRUE.equals(r.hostConfig().readonlyRootfs())) {
            throw new ConflictException("container rootfs is marked read-only");
        }
        try {
            roots.writing(r.id(), containerRoot -> {
                Target t = target(r, containerRoot, abs);
                Path root = t.root();
                // the extraction point itself is followed too: a link to a directory names that directory
                try (PinnedPath pinned = t.isMountRoot() ? new PinnedPath(root, null)
                        : PinnedPath.followed(root, PathStats.absolute(t.path()))) {
                Path dir = pinned.path();
                // through the descriptor's /proc link (followed) or the resolved path (no link left in it)
                var a = Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class);
                if (!a.isDirectory()) throw new InvalidArgumentException("extraction point is not a directory");
                int[] owner = null;
                String user = r.config().user();
                if (copyUidGid && user != null && !user.isEmpty()) {
                    UserResolver.Ids ids = UserResolver.resolve(user, containerRoot);
                    owner = new int[] {ids.uid(), ids.gid()};
                }
                TarExtractor.extractCopy(tar, dir, new TarExtractor.Options(false, noOverwriteDirNonDir, owner));
                return null;
                }
            });
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            throw PathStats.notFound(abs, nameOrId);
        } catch (TarExtractor.OverwriteException e) {
            throw new InvalidArgumentException(e.getMessage(), e);
        } catch (java.nio.file.FileSystemException e) {
            if (String.valueOf(e.getReason()).contains("Not a directory")) throw PathStats.notFound(abs, nameOrId);
            throw new InvalidArgumentException("extracting into " + abs + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidArgumentException("extracting into " + abs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TarStream export(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        ContainerRoots.Root root = roots.forReading(id);
        return new TarStream() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                TarWriter.write(root.path(), out);
            }

            @Override
            public void close() {
                root.close();
            }
        };
    }

    @Override
    public String commit(CommitOptions options) {
        return committer.commit(options);
    }
}
