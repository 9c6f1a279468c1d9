package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A named pipe held open read-write and non-blocking, so that neither the open nor a read can hang: conmon's sync,
 * start and attach pipes. Reads wait in poll(2) with a deadline and ask, every tick, whether the writer is still
 * there (we hold a writer ourselves, so end-of-file never comes). One reader and one writer at a time.
 */
public final class FifoChannel implements AutoCloseable {
    private static final int O_RDWR_NONBLOCK_CLOEXEC = 02 | 04000 | 02000000;
    private static final int O_WRONLY_NONBLOCK_CLOEXEC = 01 | 04000 | 02000000;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int TICK_MILLIS = 50;

    private static final MethodHandle OPEN = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle POLL = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("poll").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), Linker.Option.captureCallState("errno"));

    private final Path path;
    private final int fd;
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean closed;

    private FifoChannel(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Makes the FIFO (replacing any file there) and opens it read-write. */
    public static FifoChannel create(Path path) throws IOException {
        java.nio.file.Files.deleteIfExists(path);
        FileSystemCalls.mkfifo(path, 0600);
        return new FifoChannel(path, open(path, O_RDWR_NONBLOCK_CLOEXEC));
    }

    /**
     * Writes {@code data} to a FIFO another process reads (conmon's ctl pipe), without waiting for a reader: with
     * none there, this fails (ENXIO) instead of blocking.
     */
    public static void writeTo(Path path, byte[] data) throws IOException {
        FifoChannel c = new FifoChannel(path, open(path, O_WRONLY_NONBLOCK_CLOEXEC));
        try (c) {
            c.write(data);
        }
    }

    private static int open(Path path, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), flags, 0);
            if (fd < 0) throw new NativeException("open", path.toString(), Libc.errno(state));
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public Path path() {
        return path;
    }

    public void write(byte[] data) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment mem = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, mem, JAVA_BYTE, 0, data.length);
            long done = 0;
            while (done < data.length) {
                long n = (long) Libc.WRITE.invokeExact(state, fd, mem.asSlice(done), data.length - done);
                if (n < 0) {
                    int errno = Libc.errno(state);
                    if (errno == EINTR || errno == EAGAIN) continue;
                    throw new NativeException("write", path.toString(), errno);
                }
                done += n;
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The next line (without its newline). Fails with {@link Fifos.NoDataException} when {@code timeout} passes or
     * {@code writerAlive} turns false first; a null timeout waits as long as the writer lives.
     */
    public String readLine(Duration timeout, BooleanSupplier writerAlive) throws IOException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment pollfd = arena.allocate(8);
            MemorySegment buf = arena.allocate(4096);
            while (true) {
                int nl = pending.indexOf("\n");
                if (nl >= 0) {
                    String line = pending.substring(0, nl);
                    pending.delete(0, nl + 1);
                    return line;
                }
                if (closed) throw new Fifos.NoDataException(path + " was closed", false);
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                int r = (int) POLL.invokeExact(state, pollfd, 1L, TICK_MILLIS);
                if (r < 0 && Libc.errno(state) != EINTR) throw new NativeException("poll", path.toString(), Libc.errno(state));
                if (r > 0 && (pollfd.get(JAVA_SHORT, 6) & POLLIN) != 0) {
                    long n = (long) Libc.READ.invokeExact(state, fd, buf, buf.byteSize());
                    if (n > 0) {
                        pending.append(new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                        continue;
                    }
                    if (n < 0 && Libc.errno(state) != EAGAIN && Libc.errno(state) != EINTR) {
                        throw new NativeException("read", path.toString(), Libc.errno(state));
                    }
                    continue;
                }
                if (!writerAlive.getAsBoolean()) {
                    // one last look: the writer may have written just before it went
                    long n = (long) Libc.READ.invokeExact(state, fd, buf, buf.byteSize());
                    if (n > 0) {
                        pending.append(new String(buf.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                        continue;
                    }
                    throw new Fifos.NoDataException("the writer of " + path + " is gone", false);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new Fifos.NoDataException("no data in " + path + " after " + timeout.toMillis() + " ms", true);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) Libc.CLOSE.invokeExact(Libc.callState(arena), fd);
        } catch (Throwable t) {
            // closing after an error: nothing left to release
        }
    }
}
