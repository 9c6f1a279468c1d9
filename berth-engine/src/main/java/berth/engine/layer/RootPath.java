package berth.engine.layer;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves names inside a root as if the root were "/" (containerd's fs.RootPath, securejoin): {@code ..} stops at
 * the root, absolute names and absolute symlink targets start again at the root, so no name or link can lead out.
 * Only safe while nobody else changes the tree, which holds for a layer being unpacked.
 */
public final class RootPath {
    /** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS is 40); a cycle fails fast. */
    private static final int MAX_LINKS = 40;

    private RootPath() {}

    /** The components of a tar name, cleaned lexically: "", "." dropped, ".." applied and clamped at the root. */
    public static List<String> clean(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!out.isEmpty()) out.removeLast();
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The directory that {@code components} name inside {@code root}, following symlinks inside the root. Missing
     * directories are created (0755, as tar does for implied parents) when {@code create}, else
     * NoSuchFileException. A non-directory on the way fails.
     */
    static Path directory(Path root, List<String> components, boolean create) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!current.isEmpty()) current.removeLast();
                continue;
            }
            Path p = join(root, current).resolve(c);
            BasicFileAttributes a = lstat(p);
            if (a == null) {
                if (!create) throw new NoSuchFileException(p.toString());
                Files.createDirectory(p);
                Files.setAttribute(p, "unix:mode", 0755);
            } else if (a.isSymbolicLink()) {
                if (++links > MAX_LINKS) throw new FileSystemException(p.toString(), null, "too many levels of symbolic links");
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) current.clear();
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                continue;
            } else if (!a.isDirectory()) {
                throw new FileSystemException(p.toString(), null, "not a directory");
            }
            current.add(c);
        }
        return join(root, current);
    }

    /**
     * Docker's FollowSymlinkInScope: the components that {@code components} name inside {@code root} once every
     * symlink on the way (the last component's too) is followed inside the root. A missing component, or one that is
     * not a directory while more follow, ends the following: the rest is taken as it is (cleaned), so that the caller's
     * lstat reports what is missing. Absolute link targets start again at the root; {@code ..} stops there.
     */
    public static List<String> follow(Path root, List<String> components) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> current = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!current.isEmpty()) current.removeLast();
                continue;
            }
            BasicFileAttributes a = lstat(join(root, current).resolve(c));
            if (a == null || (!a.isDirectory() && !a.isSymbolicLink() && !todo.isEmpty())) {
                current.add(c);
                List<String> rest = new ArrayList<>(current);
                rest.addAll(todo);
                return clean(String.join("/", rest));
            }
            if (a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new FileSystemException("/" + String.join("/", current) + "/" + c, null,
                            "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(join(root, current).resolve(c)).toString();
                if (target.startsWith("/")) current.clear();
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
                continue;
            }
            current.add(c);
        }
        return current;
    }

    /**
     * Docker's ResolvePath for a path inside a container: its directory part is resolved with {@link #follow}, its
     * last component is not (a symlink there is the link itself). The result is inside {@code root}.
     */
    public static Path resolve(Path root, String name) throws IOException {
        List<String> components = clean(name);
        if (components.isEmpty()) return root;
        List<String> dir = follow(root, components.subList(0, components.size() - 1));
        return join(root, dir).resolve(components.getLast());
    }

    /** The absolute path inside the root that {@code hostPath} (inside the root) has; "/" for the root itself. */
    public static String inside(Path root, Path hostPath) {
        Path rel = root.relativize(hostPath);
        return "/" + (rel.toString().isEmpty() ? "" : rel.toString());
    }

    /** The host path of {@code components} inside {@code root}. */
    public static Path join(Path root, List<String> components) {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }

    /**
     * lstat, or null when nothing is there. Without an exception for the missing name: an unpack asks this of every
     * new name, and a NoSuchFileException's stack trace cost ~3% of berthd's CPU in a pull of a layer of small files.
     */
    static BasicFileAttributes lstat(Path p) throws IOException {
        return p.getFileSystem().provider().readAttributesIfExists(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

}
