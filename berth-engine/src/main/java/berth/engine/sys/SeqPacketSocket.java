package berth.engine.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected AF_UNIX SOCK_SEQPACKET socket: conmon's attach socket is one, and the JDK only has stream sockets.
 * Calls block the calling OS thread: use platform threads, not virtual ones. Thread safety: one reader and one
 * writer may use it concurrently; close once.
 */
public final class SeqPacketSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SHUT_WR = 1;
    private static final int EINTR = 4;
    private static final int ECONNRESET = 104;

    private final int fd;
    private volatile boolean closed;

    private SeqPacketSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to {@code path}; the path must fit sun_path (107 bytes): pass a short symlinked path if needed. */
    public static SeqPacketSocket connect(Path path) throws NativeException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > 107) throw new NativeException("connect", path + " (path too long for a unix socket)", 36);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = (int) Libc.SOCKET.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new NativeException("socket", path.toString(), Libc.errno(state));
            MemorySegment addr = arena.allocate(110);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            int r = (int) Libc.CONNECT.invokeExact(state, fd, addr, 2 + name.length + 1);
            if (r < 0) {
                int errno = Libc.errno(state);
                int ignored = (int) Libc.CLOSE.invokeExact(state, fd);
                throw new NativeException("connect", path.toString(), errno);
            }
            return new SeqPacketSocket(fd);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A connected pair, as socketpair(2) makes it: the tests' stand-in for berthd and conmon. */
    static SeqPacketSocket[] pair() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int r = (int) Libc.SOCKETPAIR.invokeExact(state, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
            if (r < 0) throw new NativeException("socketpair", "seqpacket", Libc.errno(state));
            return new SeqPacketSocket[] {
                new SeqPacketSocket(fds.getAtIndex(ValueLayout.JAVA_INT, 0)),
                new SeqPacketSocket(fds.getAtIndex(ValueLayout.JAVA_INT, 1))};
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reads one packet into {@code buf}; returns its length, or -1 at end of stream.
     *
     * <p>A peer that closes while packets we sent are still unread in its queue (conmon exiting before the process
     * read all of its stdin), or before it accepted us, leaves ECONNRESET on this socket. A SEQPACKET read reports
     * that error once, ahead of the packets the peer sent before it closed, which stay queued: they are read after
     * it, up to the end of stream. Stopping at the error would drop the last output of the process.
     */
    public int read(byte[] buf) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment mem = arena.allocate(buf.length);
            boolean reset = false;
            while (true) {
                long n = (long) Libc.READ.invokeExact(state, fd, mem, (long) buf.length);
                if (n > 0) {
                    MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) n);
                    return (int) n;
                }
                if (n == 0) return -1;
                int errno = Libc.errno(state);
                if (errno == EINTR) continue;
                if (closed) return -1;
                // reported once (reading clears it): a second one would be a new error, not the queued packets
                if (errno == ECONNRESET && !reset) {
                    reset = true;
                    continue;
                }
                throw new NativeException("read", "attach socket", errno);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public void write(byte[] data, int offset, int length) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment mem = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, mem, ValueLayout.JAVA_BYTE, 0, length);
            long done = 0;
            while (done < length) {
                long n = (long) Libc.WRITE.invokeExact(state, fd, mem.asSlice(done), length - done);
                if (n < 0) {
                    int errno = Libc.errno(state);
                    if (errno == EINTR) continue;
                    throw new NativeException("write", "attach socket", errno);
                }
                done += n;
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Half-closes: conmon sees end of input and closes the container's stdin. */
    public void shutdownOutput() {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) Libc.SHUTDOWN.invokeExact(Libc.callState(arena), fd, SHUT_WR);
        } catch (Throwable t) {
            // already closed: nothing to half-close
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) Libc.SHUTDOWN.invokeExact(Libc.callState(arena), fd, 2);
            ignored = (int) Libc.CLOSE.invokeExact(Libc.callState(arena), fd);
        } catch (Throwable t) {
            // closing twice or after an error: nothing left to release
        }
    }
}
