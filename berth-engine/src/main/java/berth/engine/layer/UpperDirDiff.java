package berth.engine.layer;

import berth.api.model.FilesystemChange;
import berth.engine.sys.FileSystemCalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code docker diff} from an overlay upper directory and the lower directories below it (top-most first): every
 * entry of the upper dir is added, or modified when a lower dir has that path; an overlay whiteout (char device 0:0)
 * is a deletion; an opaque directory hides the lower entries it does not have again, which are deletions too.
 */
public final class UpperDirDiff {
    private final Path upper;
    private final List<Path> lowers;
    private final List<FilesystemChange> changes = new ArrayList<>();

    private UpperDirDiff(Path upper, List<Path> lowers) {
        this.upper = upper;
        this.lowers = lowers;
    }

    /** The changes, sorted by path. */
    public static List<FilesystemChange> changes(Path upper, List<Path> lowers) throws IOException {
        UpperDirDiff d = new UpperDirDiff(upper, lowers);
        if (Files.isDirectory(upper)) d.walk(upper, "");
        d.changes.sort(Comparator.comparing(FilesystemChange::path));
        return d.changes;
    }

    private void walk(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String path = prefix + "/" + p.getFileName();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                if (isWhiteout(mode, (Long) a.get("rdev"))) {
                    changes.add(new FilesystemChange(path, FilesystemChange.DELETED));
                    continue;
                }
                boolean inLower = inLower(path);
                changes.add(new FilesystemChange(path, inLower ? FilesystemChange.MODIFIED : FilesystemChange.ADDED));
                if ((mode & 0170000) == 0040000) {
                    if (inLower && isOpaque(p)) hiddenByOpaque(p, path);
                    walk(p, path);
                }
            }
        }
    }

    static boolean isWhiteout(int mode, long rdev) {
        return (mode & 0170000) == 0020000 && rdev == 0;
    }

    static boolean isOpaque(Path dir) throws IOException {
        byte[] v = FileSystemCalls.getXattr(dir, "trusted.overlay.opaque");
        return v != null && v.length == 1 && v[0] == 'y';
    }

    /** Whether a lower dir has {@code path} (lowers are checked top-most first; a whiteout there hides it). */
    private boolean inLower(String path) throws IOException {
        String rel = path.substring(1);
        for (Path lower : lowers) {
            BasicFileAttributes a = RootPath.lstat(lower.resolve(rel));
            if (a == null) continue;
            if (a.isOther()) {
                Map<String, Object> x = Files.readAttributes(lower.resolve(rel), "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                if (isWhiteout((Integer) x.get("mode"), (Long) x.get("rdev"))) return false;
            }
            return true;
        }
        return false;
    }

    /** The names the lower dirs have under {@code path} and the opaque upper dir {@code dir} does not: deleted. */
    private void hiddenByOpaque(Path dir, String path) throws IOException {
        TreeSet<String> below = new TreeSet<>();
        for (Path lower : lowers) {
            Path d = lower.resolve(path.substring(1));
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                for (Path p : s) below.add(p.getFileName().toString());
            }
        }
        for (String name : below) {
            if (RootPath.lstat(dir.resolve(name)) == null) changes.add(new FilesystemChange(path + "/" + name, FilesystemChange.DELETED));
        }
    }
}
