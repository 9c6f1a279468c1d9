package berth.engine.volume;

import berth.engine.sys.FileSystemCalls;
import berth.engine.sys.NativeException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Docker's copy-up: the first time an empty volume is mounted over a directory of the image, that directory's
 * content is copied in, keeping owners, permission bits (setuid, setgid and sticky too), timestamps, extended
 * attributes (file capabilities included), symlinks, hard links among the copied files, device nodes and FIFOs; the
 * volume's root takes the owner and mode of the image's directory. Regular files are copied by the kernel
 * ({@code Files.copy} uses copy_file_range), never through the heap.
 */
final class CopyUp {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private CopyUp() {}

    /** Copies {@code source}'s content into the empty directory {@code target}. */
    static void copy(Path source, Path target) throws IOException {
        Map<Object, Path> linked = new HashMap<>();
        Deque<Path[]> dirs = new ArrayDeque<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Path to = target.resolve(source.relativize(dir).toString());
                if (!dir.equals(source)) Files.createDirectory(to);
                dirs.push(new Path[] {dir, to});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                PosixFileAttributes p = Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
                Object key = a.fileKey();
                int nlink = (int) Files.getAttribute(file, "unix:nlink", NOFOLLOW);
                if (nlink > 1 && key != null && linked.containsKey(key)) {
                    Files.createLink(to, linked.get(key));
                    return FileVisitResult.CONTINUE;
                }
                if (a.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else if (a.isRegularFile()) {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                } else if (a.isOther()) {
                    int mode = (int) Files.getAttribute(file, "unix:mode", NOFOLLOW);
                    int type = mode & 0170000;
                    if (type == 0010000) {
                        FileSystemCalls.mkfifo(to, mode & 07777);
                    } else if (type == 0020000 || type == 0060000) {
                        long rdev = (long) Files.getAttribute(file, "unix:rdev", NOFOLLOW);
                        FileSystemCalls.mknod(to, mode, (int) ((rdev >> 8) & 0xfff), (int) ((rdev & 0xff) | ((rdev >> 12) & 0xfff00)));
                    } else {
                        return FileVisitResult.CONTINUE; // a socket is meaningless without its listener
                    }
                }
                finish(file, to, p, a);
                if (nlink > 1 && key != null) linked.put(key, to);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                Path[] pair = dirs.pop();
                finish(pair[0], pair[1], Files.readAttributes(dir, PosixFileAttributes.class, NOFOLLOW),
                        Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Owner, then mode (chown clears setuid bits), xattrs, then times (each of the others changes ctime only). */
    private static void finish(Path from, Path to, PosixFileAttributes p, BasicFileAttributes a) throws IOException {
        int uid = (int) Files.getAttribute(from, "unix:uid", NOFOLLOW);
        int gid = (int) Files.getAttribute(from, "unix:gid", NOFOLLOW);
        FileSystemCalls.lchown(to, uid, gid);
        if (!a.isSymbolicLink()) {
            int mode = (int) Files.getAttribute(from, "unix:mode", NOFOLLOW);
            Files.setAttribute(to, "unix:mode", mode & 07777, NOFOLLOW);
        }
        copyXattrs(from, to);
        FileTime m = a.lastModifiedTime();
        long nanos = m.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        FileSystemCalls.setTimes(to, Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static void copyXattrs(Path from, Path to) throws NativeException {
        for (String name : FileSystemCalls.listXattrs(from)) {
            // overlayfs' own attributes describe the layer, not the file; SELinux labels belong to this host
            if (name.startsWith("trusted.overlay.") || name.equals("security.selinux")) continue;
            byte[] value = FileSystemCalls.getXattr(from, name);
            if (value != null) FileSystemCalls.setXattr(to, name, value);
        }
    }
}
