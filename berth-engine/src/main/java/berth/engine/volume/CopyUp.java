package berth.engine.volume;

import berth.engine.sys.FileSystemCalls;
import berth.engine.sys.NativeException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Docker's copy-up: the first time an empty volume is mounted over a directory of the image, that directory's
 * content is copied in, keeping owners, permission bits (setuid, setgid and sticky too), modification times,
 * extended attributes (file capabilities included), symlinks, hard links among the copied files, device nodes and
 * FIFOs; the volume's root takes the owner and mode of the image's directory. Regular files are copied by the kernel
 * ({@code Files.copy} uses copy_file_range), never through the heap; each file is stat'ed once.
 */
final class CopyUp {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String ATTRIBUTES = "unix:mode,uid,gid,nlink,rdev,ino,dev,lastModifiedTime";

    private CopyUp() {}

    /** Copies {@code source}'s content into the empty directory {@code target}. */
    static void copy(Path source, Path target) throws IOException {
        Map<String, Path> linked = new HashMap<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                if (!dir.equals(source)) Files.createDirectory(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                Map<String, Object> u = Files.readAttributes(file, ATTRIBUTES, NOFOLLOW);
                int mode = (int) u.get("mode");
                int nlink = (int) u.get("nlink");
                String inode = u.get("dev") + ":" + u.get("ino");
                if (nlink > 1 && linked.containsKey(inode)) {
                    Files.createLink(to, linked.get(inode));
                    return FileVisitResult.CONTINUE;
                }
                int type = mode & 0170000;
                switch (type) {
                    case 0120000 -> Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                    case 0100000 -> Files.copy(file, to, NOFOLLOW); // the attributes are finish()'s
                    case 0010000 -> FileSystemCalls.mkfifo(to, mode & 07777);
                    case 0020000, 0060000 -> {
                        long rdev = (long) u.get("rdev");
                        FileSystemCalls.mknod(to, mode, (int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff)),
                                (int) ((rdev & 0xff) | ((rdev >> 12) & ~0xff)));
                    }
                    default -> {
                        return FileVisitResult.CONTINUE; // a socket is meaningless without its listener
                    }
                }
                finish(file, to, u);
                if (nlink > 1) linked.put(inode, to);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) throw e;
                finish(dir, target.resolve(source.relativize(dir).toString()), Files.readAttributes(dir, ATTRIBUTES, NOFOLLOW));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Owner, then mode (chown clears setuid bits), xattrs, then times (each of the others changes ctime only). */
    private static void finish(Path from, Path to, Map<String, Object> u) throws IOException {
        FileSystemCalls.lchown(to, (int) u.get("uid"), (int) u.get("gid"));
        int mode = (int) u.get("mode");
        boolean symlink = (mode & 0170000) == 0120000;
        if (!symlink) FileSystemCalls.chmod(to, mode & 07777);
        copyXattrs(from, to);
        long nanos = ((FileTime) u.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
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
