package berth.engine.layer;

import berth.engine.sys.FileSync;
import berth.engine.sys.FileSystemCalls;
import berth.engine.sys.NativeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a layer tar into a directory, streaming, as Docker's archive.Unpack with the overlay whiteout converter:
 * {@code .wh.<name>} becomes an overlayfs whiteout (char device 0:0), {@code .wh..wh..opq} the
 * {@code trusted.overlay.opaque} xattr on its directory (OCI image-spec, layer.md "Whiteouts"). Mode, owner,
 * xattrs and times are kept. Every name is resolved by {@link RootPath}, so nothing is written outside the root.
 * Not thread-safe: one instance per extraction.
 */
public final class TarExtractor {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_WHITEOUT = ".wh..wh..opq";
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int EPERM = 1;
    private static final int EOPNOTSUPP = 95;
    private static final long WRITEBACK_BYTES = 1 << 20;

    private final Path root;
    private final Options options;
    private final XattrReader xattrs = new XattrReader();
    /** Directory times are set last: creating a child changes its directory's mtime. Keyed by cleaned name. */
    private final Map<List<String>, FileTime> dirTimes = new LinkedHashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    private long size;
    /**
     * The parent directory the last entry resolved to, by its cleaned name: a layer's entries come directory by
     * directory, and resolving the same parent again costs an lstat per component. Only for layers (a staging directory
     * nobody else writes) and only until this extraction deletes anything, which alone can turn a directory on the way
     * into something else.
     */
    private List<String> lastParentName;
    private Path lastParent;

    private TarExtractor(Path root, Options options) {
        this.root = root;
        this.options = options;
    }

    /**
     * How an archive is unpacked. A layer ({@link #LAYER}) turns whiteout names into overlay whiteouts; a copy into a
     * container ({@code docker cp}) keeps such names as plain files, may refuse to replace a directory by a
     * non-directory or the reverse, and may give every file one owner ({@code owner} null: the archive's).
     */
    public record Options(boolean whiteouts, boolean noOverwriteDirNonDir, int[] owner) {}

    static final Options LAYER = new Options(true, false, null);

    /**
     * Unpacks an archive copied into a container ({@code PUT /containers/{id}/archive}) below {@code dir}, which the
     * caller resolved inside the container's root; names and links in the archive stay inside {@code dir}.
     */
    public static void extractCopy(InputStream tar, Path dir, Options options) throws IOException {
        extract(tar, dir, options);
    }

    /**
     * Unpacks entries until the tar's end marker and returns the bytes of regular files written. Does not close
     * {@code tar} nor read it to EOF: a caller hashing the whole stream drains the rest itself.
     */
    static long extract(InputStream tar, Path root) throws IOException {
        return extract(tar, root, LAYER);
    }

    private static long extract(InputStream tar, Path root, Options options) throws IOException {
        TarExtractor x = new TarExtractor(root, options);
        TarArchiveInputStream in = new TarArchiveInputStream(new NonClosing(tar));
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            try {
                x.entry(in, entry);
            } catch (InvalidPathException e) {
                throw new FileSystemException(entry.getName(), null, "invalid name in layer: " + e.getMessage());
            }
        }
        x.applyDirTimes();
        return x.size;
    }

    private void entry(TarArchiveInputStream in, TarArchiveEntry e) throws IOException {
        List<String> name = RootPath.clean(e.getName());
        if (name.isEmpty()) {
            // "./": the layer's root itself; only a directory entry may describe it
            if (e.isDirectory()) metadata(root, name, e);
            return;
        }
        String base = name.getLast();
        Path parent = parentDirectory(name.subList(0, name.size() - 1));
        if (options.whiteouts() && base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(parent, base, e);
            return;
        }
        Path path = parent.resolve(base);
        if (e.isLink()) {
            hardLink(path, e);
            return;
        }
        BasicFileAttributes existing = RootPath.lstat(path);
        if (existing != null && options.noOverwriteDirNonDir() && existing.isDirectory() != e.isDirectory()) {
            // moby's wording, with the paths as seen from the extraction point
            String what = "/" + String.join("/", name);
            throw new OverwriteException(existing.isDirectory()
                    ? "cannot overwrite directory \"" + what + "\" with non-directory \"/\""
                    : "cannot overwrite non-directory \"" + what + "\" with directory \"/\"");
        }
        if (existing != null && !(existing.isDirectory() && e.isDirectory())) delete(path);
        if (e.isDirectory()) {
            if (existing == null || !existing.isDirectory()) Files.createDirectory(path);
        } else if (e.isSymbolicLink()) {
            // Stored as-is: a link is dangerous only when followed, and RootPath never follows one out.
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
        } else if (e.isCharacterDevice()) {
            FileSystemCalls.mknod(path, S_IFCHR | (e.getMode() & 07777), e.getDevMajor(), e.getDevMinor());
        } else if (e.isBlockDevice()) {
            FileSystemCalls.mknod(path, S_IFBLK | (e.getMode() & 07777), e.getDevMajor(), e.getDevMinor());
        } else if (e.isFIFO()) {
            FileSystemCalls.mknod(path, S_IFIFO | (e.getMode() & 07777), 0, 0);
        } else if (isRegular(e)) {
            writeFile(in, path);
        } else {
            return; // volume labels, unknown vendor types: nothing to unpack (Docker skips them too)
        }
        metadata(path, name, e);
    }

    private Path parentDirectory(List<String> name) throws IOException {
        if (options == LAYER && name.equals(lastParentName)) return lastParent;
        Path dir = RootPath.directory(root, name, true);
        if (options == LAYER) {
            lastParentName = List.copyOf(name);
            lastParent = dir;
        }
        return dir;
    }

    private void delete(Path path) throws IOException {
        lastParentName = null;
        Trees.delete(path);
    }

    private static boolean isRegular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM
                || flag == TarArchiveEntry.LF_CONTIG || e.isSparse();
    }

    private void writeFile(TarArchiveInputStream in, Path path) throws IOException {
        long written = 0;
        // CREATE_NEW + NOFOLLOW: whatever was there is gone, so the write cannot land through a link.
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                written += n;
            }
        }
        size += written;
        // A layer is synced once at its end (syncfs); large files start for the disk now, so that the sync overlaps
        // with the rest of the unpacking instead of following it.
        if (options == LAYER && written >= WRITEBACK_BYTES) FileSync.startWriteback(path);
    }

    private void whiteout(Path parent, String base, TarArchiveEntry e) throws IOException {
        if (base.equals(OPAQUE_WHITEOUT)) {
            FileSystemCalls.setXattr(parent, "trusted.overlay.opaque", new byte[] {'y'});
            return;
        }
        // Other ".wh..wh." names are AUFS bookkeeping (hard-link dirs): Docker drops them as well.
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) return;
        String hidden = base.substring(WHITEOUT_PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new FileSystemException(e.getName(), null, "invalid whiteout in layer");
        }
        Path path = parent.resolve(hidden);
        if (RootPath.lstat(path) != null) delete(path);
        FileSystemCalls.mkWhiteout(path);
        FileSystemCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
    }

    private void hardLink(Path path, TarArchiveEntry e) throws IOException {
        List<String> targetName = RootPath.clean(e.getLinkName());
        if (targetName.isEmpty()) throw new FileSystemException(e.getName(), null, "hard link to the layer root");
        Path targetDir = RootPath.directory(root, targetName.subList(0, targetName.size() - 1), false);
        Path target = targetDir.resolve(targetName.getLast());
        BasicFileAttributes t = RootPath.lstat(target);
        if (t == null || t.isDirectory()) {
            throw new FileSystemException(e.getName(), e.getLinkName(), "hard link target is not a file in this layer");
        }
        if (target.equals(path)) return;
        if (RootPath.lstat(path) != null) delete(path);
        // link(2) does not follow a symlink target on Linux: the new name shares the link itself, inside the root.
        Files.createLink(path, target);
    }

    private void metadata(Path path, List<String> name, TarArchiveEntry e) throws IOException {
        int[] owner = options.owner();
        FileSystemCalls.lchown(path, owner != null ? owner[0] : (int) e.getLongUserId(),
                owner != null ? owner[1] : (int) e.getLongGroupId());
        if (!e.isSymbolicLink()) {
            // after lchown, which clears set-id bits; "unix:mode" keeps them, PosixFilePermission cannot
            Files.setAttribute(path, "unix:mode", e.getMode() & 07777);
        }
        for (Map.Entry<String, byte[]> x : xattrs.read(e).entrySet()) setXattr(path, x.getKey(), x.getValue());
        if (e.isDirectory()) {
            dirTimes.put(name, e.getLastModifiedTime());
        } else {
            setTimes(path, e.getLastModifiedTime());
        }
    }

    private static void setXattr(Path path, String name, byte[] value) throws NativeException {
        try {
            FileSystemCalls.setXattr(path, name, value);
        } catch (NativeException ex) {
            // as Docker: a filesystem without xattrs, or a namespace we may not set, does not fail the layer
            if (ex.errno() != EOPNOTSUPP && ex.errno() != EPERM) throw ex;
        }
    }

    private static void setTimes(Path path, FileTime time) throws NativeException {
        var instant = time.toInstant();
        FileSystemCalls.setTimes(path, instant.getEpochSecond(), instant.getNano());
    }

    /** Re-resolves each directory, since later entries may have replaced a parent with a link. */
    private void applyDirTimes() throws IOException {
        for (Map.Entry<List<String>, FileTime> d : dirTimes.entrySet()) {
            List<String> name = d.getKey();
            Path dir;
            try {
                dir = name.isEmpty() ? root : RootPath.directory(root, name.subList(0, name.size() - 1), false)
                        .resolve(name.getLast());
            } catch (FileSystemException gone) { // NoSuchFileException included: replaced or removed later
                continue;
            }
            BasicFileAttributes a = RootPath.lstat(dir);
            if (a != null && a.isDirectory()) setTimes(dir, d.getValue());
        }
    }

    /** An archive entry that would replace a directory by a non-directory, or the reverse, when that is refused. */
    public static final class OverwriteException extends IOException {
        OverwriteException(String message) {
            super(message);
        }
    }

    /** Keeps the tar reader from closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
