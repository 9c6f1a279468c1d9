package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names resolved inside a root by the kernel itself: openat2(2) with RESOLVE_IN_ROOT treats the root as "/" for every
 * symlink and ".." on the way, and the result is an open descriptor, so a container that swaps a directory for a
 * symlink after the lookup cannot redirect what is then read or written (a path string resolved in Java and used later
 * can be). The descriptor is used as {@code /proc/self/fd/N}, which the kernel resolves to the opened object.
 * Linux 5.6 and later; elsewhere {@link #open} answers empty and callers resolve as before.
 */
public final class RootedPaths {
    private static final long SYS_OPENAT2 = 437; // x86_64
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int ENOSYS = 38;
    private static final int ELOOP = 40;

    private static final MethodHandle SYSCALL = Libc.LINKER.downcallHandle(
            Libc.LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    private static volatile boolean unsupported;

    private RootedPaths() {}

    /** An object opened inside a root; {@link #path()} names it for as long as the handle is open. */
    public static final class Handle implements AutoCloseable {
        private final int fd;
        private boolean closed;

        private Handle(int fd) {
            this.fd = fd;
        }

        public Path path() {
            return Path.of("/proc/self/fd/" + fd);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                int ignored = (int) Libc.CLOSE.invokeExact(Libc.callState(arena), fd);
            } catch (Throwable t) {
                // nothing more to do with a descriptor that will not close
            }
        }
    }

    /**
     * Opens {@code name} (relative; ".." and absolute symlink targets stay inside) in {@code root}, following every
     * symlink inside the root, the last one's too; {@code directory}: it must be a directory. Empty when the kernel
     * has no openat2. NoSuchFileException when something on the way is missing, NotDirectoryException when a
     * non-directory is on the way (or is the result while {@code directory}).
     */
    public static Optional<Handle> open(Path root, String name, boolean directory) throws IOException {
        if (unsupported) return Optional.empty();
        int rootFd = openPath(root);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment how = arena.allocate(24);
            long flags = O_PATH | O_CLOEXEC | (directory ? O_DIRECTORY : 0);
            how.set(JAVA_LONG, 0, flags);
            how.set(JAVA_LONG, 8, 0);
            how.set(JAVA_LONG, 16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
            MemorySegment state = Libc.callState(arena);
            String rel = name.isEmpty() ? "." : name;
            long fd = (long) SYSCALL.invokeExact(state, SYS_OPENAT2, (long) rootFd, arena.allocateFrom(rel), how, 24L);
            if (fd < 0) {
                int errno = Libc.errno(state);
                if (errno == ENOSYS) {
                    unsupported = true;
                    return Optional.empty();
                }
                String shown = root.resolve(rel).toString();
                throw switch (errno) {
                    case ENOENT -> new NoSuchFileException(shown);
                    case ENOTDIR -> new NotDirectoryException(shown);
                    case ELOOP -> new FileSystemException(shown, null, "too many levels of symbolic links");
                    default -> new FileSystemException(shown, null, Libc.strerror(errno));
                };
            }
            return Optional.of(new Handle((int) fd));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("openat2", t);
        } finally {
            new Handle(rootFd).close();
        }
    }

    private static int openPath(Path root) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) Libc.OPEN.invokeExact(state, arena.allocateFrom(root.toString()),
                    O_PATH | O_DIRECTORY | O_CLOEXEC | O_RDONLY);
            if (fd < 0) {
                int errno = Libc.errno(state);
                if (errno == ENOENT) throw new NoSuchFileException(root.toString());
                throw new FileSystemException(root.toString(), null, Libc.strerror(errno));
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open", t);
        }
    }
}
