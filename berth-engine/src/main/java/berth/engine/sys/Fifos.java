package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Reading a named pipe without the blocking open(2) the JDK does: a plain open for reading waits, uninterruptibly,
 * until some writer opens the other end, so a writer that died first would hang the reader forever.
 */
public final class Fifos {
    private static final int O_RDONLY_NONBLOCK_CLOEXEC = 04000 | 02000000;
    private static final short POLLIN = 0x1;
    private static final short POLLHUP = 0x10;
    private static final int EINTR = 4;
    private static final long TICK_MILLIS = 50;

    private static final MethodHandle OPEN = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle POLL = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("poll").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), Linker.Option.captureCallState("errno"));

    private Fifos() {}

    /** Why no data came: the writer closed its end empty, {@code writerAlive} turned false, or time ran out. */
    public static final class NoDataException extends IOException {
        private final boolean timedOut;

        NoDataException(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    /**
     * Opens {@code fifo} for reading without waiting for a writer, then waits for the first bytes a writer sends.
     * Every {@value #TICK_MILLIS} ms without data, {@code writerAlive} is asked whether waiting still makes sense.
     */
    public static byte[] readFirst(Path fifo, Duration timeout, BooleanSupplier writerAlive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(fifo.toString()), O_RDONLY_NONBLOCK_CLOEXEC, 0);
            if (fd < 0) throw new NativeException("open", fifo.toString(), Libc.errno(state));
            try {
                MemorySegment pollfd = arena.allocate(8);
                MemorySegment buf = arena.allocate(64);
                while (true) {
                    pollfd.set(JAVA_INT, 0, fd);
                    pollfd.set(JAVA_SHORT, 4, POLLIN);
                    pollfd.set(JAVA_SHORT, 6, (short) 0);
                    int r = (int) POLL.invokeExact(state, pollfd, 1L, (int) TICK_MILLIS);
                    if (r < 0 && Libc.errno(state) != EINTR) throw new NativeException("poll", fifo.toString(), Libc.errno(state));
                    short revents = pollfd.get(JAVA_SHORT, 6);
                    if (r > 0 && (revents & POLLIN) != 0) {
                        long n = (long) Libc.READ.invokeExact(state, fd, buf, buf.byteSize());
                        if (n > 0) return buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                        if (n < 0) throw new NativeException("read", fifo.toString(), Libc.errno(state));
                        throw new NoDataException("the writer of " + fifo + " closed it without writing", false);
                    }
                    if (r > 0 && (revents & POLLHUP) != 0) {
                        throw new NoDataException("the writer of " + fifo + " closed it without writing", false);
                    }
                    if (!writerAlive.getAsBoolean()) throw new NoDataException("the writer of " + fifo + " is gone", false);
                    if (System.nanoTime() - deadline > 0) {
                        throw new NoDataException("no data in " + fifo + " after " + timeout.toMillis() + " ms", true);
                    }
                }
            } finally {
                int ignored = (int) Libc.CLOSE.invokeExact(state, fd);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
