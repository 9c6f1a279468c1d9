package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A regular file copied by the kernel with its attributes, through two descriptors: the bytes by sendfile(2) (a copy
 * from an overlay mount to another file system cannot use copy_file_range), then owner, mode, extended attributes and
 * times on the open target, so that no call walks the path again. {@code Files.copy} does the same bytes with four
 * more stats, a failed copy_file_range and an fadvise per file, and has no way to carry owners or xattrs.
 */
public final class FileCopy {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int EINTR = 4;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int EOPNOTSUPP = 95;
    private static final long CHUNK = 1 << 30;

    private FileCopy() {}

    /**
     * Creates {@code to} (it must not exist) with the content of the regular file {@code from}, whose status is
     * {@code st}; then its owner (only when {@code chown}: a new file already belongs to the caller), its permission
     * bits (setuid and setgid too), the extended attributes {@code keepXattr} accepts, and its access and modification
     * times set to {@code from}'s modification time.
     */
    public static void copyRegular(Path from, Path to, FileStat st, boolean chown, Predicate<String> keepXattr)
            throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int in = (int) Handle.OPEN.invokeExact(state, arena.allocateFrom(from.toString()),
                    O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (in < 0) throw new NativeException("open", from.toString(), Libc.errno(state));
            try {
                int out = (int) Handle.OPEN.invokeExact(state, arena.allocateFrom(to.toString()),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                if (out < 0) throw new NativeException("open", to.toString(), Libc.errno(state));
                try {
                    copyBytes(arena, state, in, out, st.size(), to);
                    // owner before mode: chown clears setuid and setgid
                    if (chown && (int) Handle.FCHOWN.invokeExact(state, out, st.uid(), st.gid()) < 0) {
                        throw new NativeException("fchown", to.toString(), Libc.errno(state));
                    }
                    if ((int) Handle.FCHMOD.invokeExact(state, out, st.permissions()) < 0) {
                        throw new NativeException("fchmod", to.toString(), Libc.errno(state));
                    }
                    copyXattrs(arena, state, in, out, to, keepXattr);
                    MemorySegment times = arena.allocate(JAVA_LONG, 4);
                    times.setAtIndex(JAVA_LONG, 0, st.mtimeSeconds());
                    times.setAtIndex(JAVA_LONG, 1, st.mtimeNanos());
                    times.setAtIndex(JAVA_LONG, 2, st.mtimeSeconds());
                    times.setAtIndex(JAVA_LONG, 3, st.mtimeNanos());
                    if ((int) Handle.FUTIMENS.invokeExact(state, out, times) < 0) {
                        throw new NativeException("futimens", to.toString(), Libc.errno(state));
                    }
                } finally {
                    int ignored = (int) Libc.CLOSE.invokeExact(state, out);
                }
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(state, in);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code size} bytes, or fewer if the file shrank since its stat. */
    private static void copyBytes(Arena arena, MemorySegment state, int in, int out, long size, Path to) throws Throwable {
        long done = 0;
        while (done < size) {
            long n = (long) Handle.SENDFILE.invokeExact(state, out, in, MemorySegment.NULL, Math.min(size - done, CHUNK));
            if (n > 0) {
                done += n;
                continue;
            }
            if (n == 0) return;
            int errno = Libc.errno(state);
            if (errno == EINTR) continue;
            if (errno == EINVAL || errno == ENOSYS) {
                copyByReading(arena, state, in, out, to); // a file system that cannot splice
                return;
            }
            throw new NativeException("sendfile", to.toString(), errno);
        }
    }

    private static void copyByReading(Arena arena, MemorySegment state, int in, int out, Path to) throws Throwable {
        MemorySegment buf = arena.allocate(1 << 16);
        while (true) {
            long n = (long) Libc.READ.invokeExact(state, in, buf, buf.byteSize());
            if (n == 0) return;
            if (n < 0) {
                if (Libc.errno(state) == EINTR) continue;
                throw new NativeException("read", to.toString(), Libc.errno(state));
            }
            for (long done = 0; done < n; ) {
                long w = (long) Libc.WRITE.invokeExact(state, out, buf.asSlice(done), n - done);
                if (w < 0) {
                    if (Libc.errno(state) == EINTR) continue;
                    throw new NativeException("write", to.toString(), Libc.errno(state));
                }
                done += w;
            }
        }
    }

    /** One flistxattr for the common file that has none. */
    private static void copyXattrs(Arena arena, MemorySegment state, int in, int out, Path to, Predicate<String> keep)
            throws Throwable {
        long size = 1024;
        MemorySegment names;
        long n;
        while (true) {
            names = arena.allocate(size);
            n = (long) Handle.FLISTXATTR.invokeExact(state, in, names, size);
            if (n >= 0) break;
            int errno = Libc.errno(state);
            if (errno == EOPNOTSUPP) return;
            if (errno != ERANGE || size >= (1 << 20)) throw new NativeException("flistxattr", to.toString(), errno);
            size *= 4;
        }
        byte[] list = names.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        for (int start = 0, i = 0; i < list.length; i++) {
            if (list[i] != 0) continue;
            String name = new String(list, start, i - start, StandardCharsets.UTF_8);
            MemorySegment cName = names.asSlice(start, i - start + 1);
            start = i + 1;
            if (name.isEmpty() || !keep.test(name)) continue;
            long vsize = 4096;
            while (true) {
                MemorySegment value = arena.allocate(vsize);
                long len = (long) Handle.FGETXATTR.invokeExact(state, in, cName, value, vsize);
                if (len < 0) {
                    int errno = Libc.errno(state);
                    if (errno == ENODATA) break; // removed meanwhile
                    if (errno == ERANGE && vsize < (1 << 16)) {
                        vsize = 1 << 16;
                        continue;
                    }
                    throw new NativeException("fgetxattr " + name, to.toString(), errno);
                }
                if ((int) Handle.FSETXATTR.invokeExact(state, out, cName, value, len, 0) < 0) {
                    throw new NativeException("fsetxattr " + name, to.toString(), Libc.errno(state));
                }
                break;
            }
        }
    }

    /**
     * The owner and group a file made now in {@code dir} gets: this process's, but the directory's group if it is
     * setgid. A copy skips the chown of every file that is to have them anyway.
     */
    public static int[] newFileOwner(FileStat dir) {
        try {
            int uid = (int) Handle.GETEUID.invokeExact();
            int gid = (dir.mode() & 02000) != 0 ? dir.gid() : (int) Handle.GETEGID.invokeExact();
            return new int[] {uid, gid};
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Linked on first use: only copy-up copies files this way. */
    private static final class Handle {
        private static MethodHandle of(String name, FunctionDescriptor d, Linker.Option... more) {
            Linker.Option[] options = java.util.Arrays.copyOf(more, more.length + 1);
            options[more.length] = Linker.Option.captureCallState("errno");
            return Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find(name).orElseThrow(), d, options);
        }

        static final MethodHandle OPEN = of("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle SENDFILE = of("sendfile", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle FCHOWN = of("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FCHMOD = of("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle FUTIMENS = of("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle FLISTXATTR = of("flistxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle FGETXATTR = of("fgetxattr",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        static final MethodHandle FSETXATTR = of("fsetxattr",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
        static final MethodHandle GETEUID = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("geteuid").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GETEGID = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("getegid").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT));
    }
}
