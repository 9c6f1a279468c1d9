package berth.engine.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** File calls the JDK lacks: device nodes, trusted.* xattrs, ownership and times of symlinks themselves. */
public final class FileSystemCalls {
    private static final int S_IFCHR = 0020000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private FileSystemCalls() {}

    /** An overlayfs whiteout: a character device 0:0. */
    public static void mkWhiteout(Path path) throws NativeException {
        mknod(path, S_IFCHR, 0, 0);
    }

    public static void mknod(Path path, int typeAndMode, int major, int minor) throws NativeException {
        long dev = ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12)
                | ((long) (major & ~0xfff) << 32);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int r = (int) Libc.MKNOD.invokeExact(state, arena.allocateFrom(path.toString()), typeAndMode, dev);
            if (r < 0) throw new NativeException("mknod", path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Creates a named pipe (conmon's sync pipe); no mkfifo process on the container start path. */
    public static void mkfifo(Path path, int mode) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int r = (int) Libc.MKFIFO.invokeExact(state, arena.allocateFrom(path.toString()), mode);
            if (r < 0) throw new NativeException("mkfifo", path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets an extended attribute on the path itself (not a symlink's target). */
    public static void setXattr(Path path, String name, byte[] value) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int r = (int) Libc.LSETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name),
                    v, (long) value.length, 0);
            if (r < 0) throw new NativeException("lsetxattr " + name, path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads an extended attribute of the path itself, or null when it has none. */
    public static byte[] getXattr(Path path, String name) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment buf = arena.allocate(4096);
            long n = (long) Libc.LGETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name),
                    buf, 4096L);
            if (n < 0) {
                int errno = Libc.errno(state);
                if (errno == 61 /* ENODATA */) return null;
                throw new NativeException("lgetxattr " + name, path.toString(), errno);
            }
            return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sets the permission bits (setuid, setgid and sticky included) of a path that is not a symlink, without opening
     * it: opening a FIFO would wait for a writer.
     */
    public static void chmod(Path path, int mode) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int r = (int) Libc.CHMOD.invokeExact(state, arena.allocateFrom(path.toString()), mode);
            if (r < 0) throw new NativeException("chmod", path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The names of the path's own extended attributes (not a symlink's target's); empty when it has none. */
    public static java.util.List<String> listXattrs(Path path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment p = arena.allocateFrom(path.toString());
            long size = 1024;
            while (true) {
                MemorySegment buf = arena.allocate(size);
                long n = (long) Libc.LLISTXATTR.invokeExact(state, p, buf, size);
                if (n < 0) {
                    int errno = Libc.errno(state);
                    if (errno == 34 /* ERANGE: grown meanwhile */ && size < (1 << 20)) {
                        size *= 4;
                        continue;
                    }
                    if (errno == 95 /* EOPNOTSUPP */) return java.util.List.of();
                    throw new NativeException("llistxattr", path.toString(), errno);
                }
                java.util.List<String> names = new java.util.ArrayList<>();
                byte[] bytes = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                int start = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == 0) {
                        if (i > start) names.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                        start = i + 1;
                    }
                }
                return names;
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void lchown(Path path, int uid, int gid) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int r = (int) Libc.LCHOWN.invokeExact(state, arena.allocateFrom(path.toString()), uid, gid);
            if (r < 0) throw new NativeException("lchown", path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets access and modification time of the path itself (symlinks included), in epoch seconds + nanos. */
    public static void setTimes(Path path, long seconds, long nanos) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment times = arena.allocate(ValueLayout.JAVA_LONG, 4);
            times.setAtIndex(ValueLayout.JAVA_LONG, 0, seconds);
            times.setAtIndex(ValueLayout.JAVA_LONG, 1, nanos);
            times.setAtIndex(ValueLayout.JAVA_LONG, 2, seconds);
            times.setAtIndex(ValueLayout.JAVA_LONG, 3, nanos);
            int r = (int) Libc.UTIMENSAT.invokeExact(state, AT_FDCWD, arena.allocateFrom(path.toString()), times,
                    AT_SYMLINK_NOFOLLOW);
            if (r < 0) throw new NativeException("utimensat", path.toString(), Libc.errno(state));
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
