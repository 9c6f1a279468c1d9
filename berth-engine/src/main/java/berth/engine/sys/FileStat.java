package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * What lstat(2) says of a path itself (a symlink, not its target), read with one statx(2) into typed fields: the
 * JDK's {@code unix:} attribute view answers a map parsed from a string per call, which a tree copy pays per file.
 */
public record FileStat(int mode, int uid, int gid, long nlink, long inode, long device, long rdev, long size,
                       long mtimeSeconds, int mtimeNanos) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** STATX_BASIC_STATS: type, mode, nlink, uid, gid, times, ino, size, blocks. */
    private static final int STATX_BASIC_STATS = 0x7ff;
    /** struct statx is 256 bytes on every architecture; the offsets below are its fields'. */
    private static final long STATX_SIZE = 256;

    /** The file type bits, one of the {@code S_IF*} constants. */
    public int type() {
        return mode & S_IFMT;
    }

    /** The permission bits, setuid, setgid and sticky included. */
    public int permissions() {
        return mode & 07777;
    }

    /** The path itself, not what a symlink points to. */
    public static FileStat of(Path path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment b = arena.allocate(STATX_SIZE, 8);
            int r = (int) Handle.STATX.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()),
                    AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, b);
            if (r < 0) throw new NativeException("statx", path.toString(), Libc.errno(state));
            return new FileStat(Short.toUnsignedInt(b.get(JAVA_SHORT, 28)), b.get(JAVA_INT, 20), b.get(JAVA_INT, 24),
                    Integer.toUnsignedLong(b.get(JAVA_INT, 16)), b.get(JAVA_LONG, 32),
                    device(b.get(JAVA_INT, 136), b.get(JAVA_INT, 140)), device(b.get(JAVA_INT, 128), b.get(JAVA_INT, 132)),
                    b.get(JAVA_LONG, 40), b.get(JAVA_LONG, 112), b.get(JAVA_INT, 120));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** glibc's makedev: the encoding {@link #rdev} has and {@link FileSystemCalls#mknod} takes apart. */
    private static long device(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfff) << 8) | (mi & 0xff) | ((mi & ~0xffL) << 12) | ((ma & ~0xfffL) << 32);
    }

    public int rdevMajor() {
        return (int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL));
    }

    public int rdevMinor() {
        return (int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL));
    }

    private static final class Handle {
        static final MethodHandle STATX = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("statx").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS),
                Linker.Option.captureCallState("errno"));
    }
}
