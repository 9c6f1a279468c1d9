package berth.engine.volume;

import berth.engine.sys.FileCopy;
import berth.engine.sys.FileStat;
import berth.engine.sys.FileSystemCalls;
import berth.engine.sys.NativeException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's copy-up: the first time an empty volume is mounted over a directory of the image, that directory's
 * content is copied in, keeping owners, permission bits (setuid, setgid and sticky too), modification times,
 * extended attributes (file capabilities included), symlinks, hard links among the copied files, device nodes and
 * FIFOs; the volume's root takes the owner and mode of the image's directory.
 *
 * <p>Copy-up is rare in a daemon's life, so its code runs mostly interpreted: each file costs one statx, then for a
 * regular file one call into {@link FileCopy} (the kernel copies the bytes, and owner, mode, xattrs and times are set
 * through the open descriptor). A chown is made only where the owner differs from the one a new file gets anyway.
 * Directories take their attributes after their content, so that a read-only or setgid mode cannot get in the way of
 * filling them.
 */
final class CopyUp {
    private final int ownerUid;
    private final int ownerGid;
    /** Copied files with more than one link, by inode, for the hard links that follow. */
    private final Map<Inode, Path> linked = new HashMap<>();

    private record Inode(long device, long number) {}

    /** A directory being copied, with the entries not done yet. */
    private record Frame(Path source, Path target, FileStat stat, List<Path> entries, int[] next) {}

    private CopyUp(int[] owner) {
        this.ownerUid = owner[0];
        this.ownerGid = owner[1];
    }

    /** Copies {@code source}'s content into the empty directory {@code target}. */
    static void copy(Path source, Path target) throws IOException {
        FileStat root = FileStat.of(target);
        new CopyUp(FileCopy.newFileOwner(root)).tree(source, target);
    }

    private void tree(Path source, Path target) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(source, target, FileStat.of(source), entries(source), new int[1]));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next()[0] == f.entries().size()) {
                stack.pop();
                // the root is the volume's own directory: whatever its owner, it takes the image directory's
                finish(f.source(), f.target(), f.stat(), stack.isEmpty() || differs(f.stat()));
                continue;
            }
            Path from = f.entries().get(f.next()[0]++);
            Path to = f.target().resolve(from.getFileName());
            FileStat st = FileStat.of(from);
            if (st.type() == FileStat.S_IFDIR) {
                Files.createDirectory(to);
                stack.push(new Frame(from, to, st, entries(from), new int[1]));
            } else {
                entry(from, to, st);
            }
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path p : d) out.add(p);
        }
        return out;
    }

    private void entry(Path from, Path to, FileStat st) throws IOException {
        Inode inode = st.nlink() > 1 ? new Inode(st.device(), st.inode()) : null;
        if (inode != null && linked.containsKey(inode)) {
            Files.createLink(to, linked.get(inode));
            return;
        }
        switch (st.type()) {
            case FileStat.S_IFREG -> FileCopy.copyRegular(from, to, st, differs(st), CopyUp::kept);
            case FileStat.S_IFLNK -> {
                Files.createSymbolicLink(to, Files.readSymbolicLink(from));
                finish(from, to, st, differs(st));
            }
            case FileStat.S_IFIFO -> {
                FileSystemCalls.mkfifo(to, st.permissions());
                finish(from, to, st, differs(st));
            }
            case FileStat.S_IFCHR, FileStat.S_IFBLK -> {
                FileSystemCalls.mknod(to, st.mode(), st.rdevMajor(), st.rdevMinor());
                finish(from, to, st, differs(st));
            }
            default -> {
                return; // a socket is meaningless without its listener
            }
        }
        if (inode != null) linked.put(inode, to);
    }

    private boolean differs(FileStat st) {
        return st.uid() != ownerUid || st.gid() != ownerGid;
    }

    /**
     * Owner, then mode (chown clears setuid bits), xattrs, then times (each of the others changes ctime only), by
     * path: for all but regular files.
     */
    private static void finish(Path from, Path to, FileStat st, boolean chown) throws NativeException {
        if (chown) FileSystemCalls.lchown(to, st.uid(), st.gid());
        if (st.type() != FileStat.S_IFLNK) FileSystemCalls.chmod(to, st.permissions());
        copyXattrs(from, to);
        FileSystemCalls.setTimes(to, st.mtimeSeconds(), st.mtimeNanos());
    }

    /** overlayfs' own attributes describe the layer, not the file; SELinux labels belong to this host. */
    private static boolean kept(String xattr) {
        return !xattr.startsWith("trusted.overlay.") && !xattr.equals("security.selinux");
    }

    private static void copyXattrs(Path from, Path to) throws NativeException {
        for (String name : FileSystemCalls.listXattrs(from)) {
            if (!kept(name)) continue;
            byte[] value = FileSystemCalls.getXattr(from, name);
            if (value != null) FileSystemCalls.setXattr(to, name, value);
        }
    }
}
