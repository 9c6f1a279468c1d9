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
final class RootPath {
    /** Linux's own limit on symlinks followed in one lookup (MAXSYMLINKS is 40); a cycle fails fast. */
    private static final int MAX_LINKS = 40;

    private RootPath() {}

    /** The components of a tar name, cleaned lexically: "", "." dropped, ".." applied and clamped at the root. */
    static List<String> clean(String name) {
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

    /** lstat, or null when nothing is there. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Path join(Path root, List<String> components) {
        Path p = root;
        for (String c : components) p = p.resolve(c);
        return p;
    }
}
