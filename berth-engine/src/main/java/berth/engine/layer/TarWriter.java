package berth.engine.layer;

import berth.engine.sys.FileSync;
import berth.engine.sys.FileSystemCalls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory tree as a layer tar (PAX), the inverse of {@link TarExtractor}: overlayfs whiteouts (char
 * device 0:0) become {@code .wh.<name>}, opaque directories get a {@code .wh..wh..opq} entry, hard links inside
 * the tree are written once and linked after. Names are sorted, so the same tree gives the same bytes (and the same
 * diff ID) every time. Like Docker, only the security.capability xattr is recorded. When the output is a
 * {@link FileRegionOutput}, the contents of large regular files are handed to it as regions of the files, and only
 * headers and padding are written as bytes: the same tar, without the contents passing through the heap.
 */
public final class TarWriter {
    private static final String CAPABILITY = "security.capability";
    /** Copies from this size on start their write-back at once (small ones are left to the layer's final sync). */
    private static final long WRITEBACK_MIN = 256 * 1024;
    /**
     * Files from this size on are sent as regions when the output can: below it, reading through the heap costs less
     * than a region's own system calls and chunk.
     */
    static final long REGION_MIN = 64 * 1024;
    private static final int RECORD = 512;
    private static final byte[] ZEROS = new byte[RECORD];
    private final OutputStream out;
    private final TarArchiveOutputStream tar;
    /** The output's offer to send files itself; null when it makes none. */
    private final FileRegionOutput regions;
    private final Map<Object, String> inodes = new HashMap<>();
    private final byte[] buffer = new byte[64 * 1024];
    /** Where each entry is also copied, in overlay form; null when only the tar is written. */
    private Path mirror;
    /** Whether regular files go into the mirror as hard links. */
    private boolean link;
    private long copiedBytes;

    private TarWriter(OutputStream out) {
        this.out = new NonClosing(out);
        this.regions = out instanceof FileRegionOutput r ? r : null;
        tar = tarStream(this.out);
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /** Writes the tree below {@code dir} (not {@code dir} itself) and the end-of-archive marker; leaves {@code out} open. */
    public static void write(Path dir, OutputStream out) throws IOException {
        TarWriter w = new TarWriter(out);
        w.children(dir, "");
        w.tar.finish();
        w.tar.flush();
    }

    /**
     * As {@link #write(Path, OutputStream)}, and copies the tree into the empty directory {@code mirror} as it goes,
     * in overlay form (whiteouts stay 0:0 devices, opaque directories keep their xattr), with the modes, owners,
     * capability xattrs and times the tar records: what unpacking the tar would give, without parsing it again.
     * Regular files are copied by the kernel (the tar reads them once more, from the page cache). Returns the bytes
     * of regular files copied.
     */
    public static long writeAndCopy(Path dir, OutputStream out, Path mirror) throws IOException {
        TarWriter w = new TarWriter(out);
        w.mirror = mirror;
        w.children(dir, "");
        w.tar.finish();
        w.tar.flush();
        return w.copiedBytes;
    }

    /**
     * As {@link #writeAndCopy}, but regular files are hard-linked into the mirror (copied only across file systems):
     * for a tree nothing writes to any more (a build's staging directory), whose files may share their inodes.
     */
    public static long writeAndLink(Path dir, OutputStream out, Path mirror) throws IOException {
        TarWriter w = new TarWriter(out);
        w.mirror = mirror;
        w.link = true;
        w.children(dir, "");
        w.tar.finish();
        w.tar.flush();
        return w.copiedBytes;
    }

    /**
     * Writes {@code path} itself as the entry {@code name}, with everything below it when it is a directory (a symlink
     * is written as the link), and the end-of-archive marker: the archive of {@code docker cp} out of a container.
     * Leaves {@code out} open.
     */
    public static void writeEntry(Path path, String name, OutputStream out) throws IOException {
        TarWriter w = new TarWriter(out);
        w.entry(path, name);
        w.tar.finish();
        w.tar.flush();
    }

    private void children(Path dir, String prefix) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(entries::add);
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path p : entries) entry(p, prefix + p.getFileName());
    }

    private void entry(Path p, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,dev,nlink,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        long rdev = (Long) a.get("rdev");
        if (type == 0020000 && rdev == 0) { // an overlay whiteout
            int slash = name.lastIndexOf('/');
            put(header(name.substring(0, slash + 1) + TarExtractor.WHITEOUT_PREFIX + name.substring(slash + 1),
                    TarConstants.LF_NORMAL, 0100000, a), null);
            if (mirror != null) {
                Path target = mirror.resolve(name);
                FileSystemCalls.mkWhiteout(target);
                FileSystemCalls.lchown(target, (Integer) a.get("uid"), (Integer) a.get("gid"));
            }
            return;
        }
        TarArchiveEntry e;
        switch (type) {
            case 0040000 -> e = header(name + "/", TarConstants.LF_DIR, mode, a);
            case 0120000 -> {
                e = header(name, TarConstants.LF_SYMLINK, mode, a);
                e.setLinkName(Files.readSymbolicLink(p).toString());
            }
            case 0020000, 0060000 -> {
                e = header(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK, mode, a);
                e.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
                e.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
            }
            case 0010000 -> e = header(name, TarConstants.LF_FIFO, mode, a);
            case 0100000 -> e = regular(p, name, mode, a);
            default -> {
                return; // sockets: tar has no type for them, Docker skips them too
            }
        }
        byte[] cap = null;
        if (type != 0120000) {
            cap = FileSystemCalls.getXattr(p, CAPABILITY);
            if (cap != null) addXattr(e, CAPABILITY, cap);
        }
        // the copy first: its write-back to the disk then runs while the tar reads and hashes the same file
        if (mirror != null) copy(p, name, e, type, cap);
        put(e, e.getLinkFlag() == TarConstants.LF_NORMAL && e.getSize() > 0 ? p : null);
        if (type == 0040000) {
            byte[] opaque = FileSystemCalls.getXattr(p, "trusted.overlay.opaque");
            if (opaque != null && opaque.length == 1 && opaque[0] == 'y') {
                put(header(name + "/" + TarExtractor.OPAQUE_WHITEOUT, TarConstants.LF_NORMAL, 0100000, a), null);
                if (mirror != null) FileSystemCalls.setXattr(mirror.resolve(name), "trusted.overlay.opaque", new byte[] {'y'});
            }
            children(p, name + "/");
            // after the children, whose creation changed the directory's time
            if (mirror != null) setTimes(mirror.resolve(name), e);
        }
    }

    /** Copies one entry into the mirror, as {@link TarExtractor} would unpack it from the tar. */
    private void copy(Path source, String name, TarArchiveEntry e, int type, byte[] cap) throws IOException {
        Path target = mirror.resolve(name);
        switch (type) {
            case 0040000 -> Files.createDirectory(target);
            case 0120000 -> Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            case 0020000, 0060000 -> FileSystemCalls.mknod(target, type | (e.getMode() & 07777), e.getDevMajor(),
                    e.getDevMinor());
            case 0010000 -> FileSystemCalls.mknod(target, type | (e.getMode() & 07777), 0, 0);
            default -> {
                if (e.isLink()) {
                    Files.createLink(target, mirror.resolve(e.getLinkName()));
                    return; // the same inode as the first name: its metadata is set already
                }
                if (!link || !linked(source, target)) Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                copiedBytes += e.getSize();
                if (e.getSize() >= WRITEBACK_MIN) FileSync.startWriteback(target);
            }
        }
        FileSystemCalls.lchown(target, (int) e.getLongUserId(), (int) e.getLongGroupId());
        // after lchown, which clears set-id bits; never on a link (chmod would follow it)
        if (type != 0120000) Files.setAttribute(target, "unix:mode", e.getMode() & 07777);
        if (cap != null) FileSystemCalls.setXattr(target, CAPABILITY, cap);
        if (type != 0040000) setTimes(target, e);
    }

    private static boolean linked(Path source, Path target) {
        try {
            Files.createLink(target, source);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another file system: copied instead
        }
    }

    private static void setTimes(Path target, TarArchiveEntry e) throws IOException {
        var t = e.getLastModifiedTime().toInstant();
        FileSystemCalls.setTimes(target, t.getEpochSecond(), t.getNano());
    }

    /**
     * bsdtar's base64 record always (binary-safe; {@link XattrReader} prefers it), and GNU/Go's SCHILY record when
     * the value is valid UTF-8, the only values Commons Compress can write there unchanged.
     */
    private static void addXattr(TarArchiveEntry e, String name, byte[] value) {
        e.addPaxHeader("LIBARCHIVE.xattr." + name, Base64.getEncoder().encodeToString(value));
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            e.addPaxHeader("SCHILY.xattr." + name, text);
        } catch (CharacterCodingException binary) {
            // only the base64 record then
        }
    }

    private TarArchiveEntry regular(Path p, String name, int mode, Map<String, Object> a) throws IOException {
        if ((Integer) a.get("nlink") > 1) {
            Object key = List.of(a.get("dev"), a.get("ino"));
            String first = inodes.putIfAbsent(key, name);
            if (first != null) {
                TarArchiveEntry link = header(name, TarConstants.LF_LINK, mode, a);
                link.setLinkName(first);
                return link;
            }
        }
        TarArchiveEntry e = header(name, TarConstants.LF_NORMAL, mode, a);
        e.setSize(Files.size(p));
        return e;
    }

    private static TarArchiveEntry header(String name, byte flag, int mode, Map<String, Object> a) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, false);
        e.setMode(mode);
        e.setUserId((Integer) a.get("uid"));
        e.setGroupId((Integer) a.get("gid"));
        e.setLastModifiedTime((FileTime) a.get("lastModifiedTime"));
        return e;
    }

    private void put(TarArchiveEntry e, Path content) throws IOException {
        if (content != null && regions != null && e.getSize() >= REGION_MIN) {
            putRegion(e, content);
            return;
        }
        tar.putArchiveEntry(e);
        if (content != null) {
            try (var in = Files.newInputStream(content, LinkOption.NOFOLLOW_LINKS)) {
                long left = e.getSize();
                int n;
                // never more than the header promised, even if the file grew meanwhile
                while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    tar.write(buffer, 0, n);
                    left -= n;
                }
                if (left > 0) throw new IOException(content + " shrank while being archived");
            }
        }
        tar.closeArchiveEntry();
    }

    /**
     * The entry's header as the tar stream writes it, then the file as a region of {@code e.getSize()} bytes, then
     * the padding to a whole record. The header comes from a stream of its own, left unfinished: between entries the
     * main stream holds no partial record, and the count of records it keeps only pads the end to a block, which is
     * one record.
     */
    private void putRegion(TarArchiveEntry e, Path content) throws IOException {
        long size = e.getSize();
        FileChannel file = FileChannel.open(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            // a file that shrank before it was opened: nothing of it is written yet, and a cut tar would not say so
            if (file.size() < size) throw new IOException(content + " shrank while being archived");
            tarStream(out).putArchiveEntry(e);
        } catch (IOException | RuntimeException failure) {
            file.close();
            throw failure;
        }
        regions.sendFile(file, 0, size);
        int pad = (int) (-size & (RECORD - 1));
        if (pad > 0) out.write(ZEROS, 0, pad);
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
