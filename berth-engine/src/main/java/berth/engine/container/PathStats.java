package berth.engine.container;

import berth.api.errors.NotFoundException;
import berth.api.model.ContainerPathStat;
import berth.engine.layer.RootPath;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Docker's ContainerStatPath inside a container's root: the path's directory is resolved with symlinks followed
 * inside the root, its last component is not; a symlink's linkTarget is where it leads, followed inside the root.
 */
final class PathStats {
    private PathStats() {}

    /** The absolute path in the container as the client named it, cleaned. */
    static String absolute(String path) {
        return "/" + String.join("/", RootPath.clean(path == null ? "" : path));
    }

    static ContainerPathStat stat(Path root, String path, String container) throws IOException {
        String abs = absolute(path);
        try (PinnedPath pinned = PinnedPath.lastNotFollowed(root, abs)) {
            return stat(root, pinned, abs, container);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            throw notFound(abs, container);
        }
    }

    /** The stat of what {@code pinned} (resolved from {@code abs}) holds. */
    static ContainerPathStat stat(Path root, PinnedPath pinned, String abs, String container) throws IOException {
        record Resolved(Path hostPath, String absPath) {}
        Resolved r = new Resolved(pinned.path(), abs);
        Map<String, Object> a;
        try {
            a = Files.readAttributes(r.hostPath(), "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw notFound(r.absPath(), container);
        } catch (FileSystemException e) {
            // ENOTDIR: a file where the path needs a directory; nothing is there either
            if (String.valueOf(e.getReason()).contains("Not a directory")) throw notFound(r.absPath(), container);
            throw e;
        }
        int mode = (Integer) a.get("mode");
        String linkTarget = "";
        if ((mode & 0170000) == 0120000) {
            List<String> target = RootPath.follow(root, RootPath.clean(r.absPath()));
            linkTarget = "/" + String.join("/", target);
        }
        String name = r.absPath().equals("/") ? "/" : r.absPath().substring(r.absPath().lastIndexOf('/') + 1);
        return new ContainerPathStat(name, (Long) a.get("size"), ContainerPathStat.goFileMode(mode),
                goTime((FileTime) a.get("lastModifiedTime")), linkTarget);
    }

    static NotFoundException notFound(String absPath, String container) {
        return new NotFoundException("Could not find the file " + absPath + " in container " + container);
    }

    /** Go's RFC 3339 with nanoseconds: the fraction without trailing zeros, none at all when zero. */
    static String goTime(FileTime t) {
        Instant i = t.toInstant();
        String s = Instant.ofEpochSecond(i.getEpochSecond()).toString(); // ...:ssZ
        if (i.getNano() == 0) return s;
        String frac = String.format("%09d", i.getNano()).replaceAll("0+$", "");
        return s.substring(0, s.length() - 1) + "." + frac + "Z";
    }
}
