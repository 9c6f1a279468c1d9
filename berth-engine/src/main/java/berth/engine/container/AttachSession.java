package berth.engine.container;

import berth.engine.container.ContainerService.AttachOptions;
import berth.engine.container.ContainerService.StreamSink;
import berth.engine.container.ContainerService.StreamType;
import berth.engine.sys.NativeException;
import berth.engine.sys.SeqPacketSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client attached to a container (or an exec) through conmon's attach socket (SOCK_SEQPACKET; each packet from
 * conmon is one stream byte, 2 = stdout, 3 = stderr, then the payload; bytes we send go to the process's stdin).
 * The socket is connected by {@link #connect} when the process starts, before it runs, so no output is lost.
 *
 * <p>Docker's rules for the client's input: with a TTY, the detach keys end the session and so does the end of the
 * client's input, and neither closes the process's stdin (conmon runs with --leave-stdin-open); without one, the end
 * of the client's input is passed on, and conmon closes the process's stdin unless it was told to leave it open.
 */
final class AttachSession implements ContainerService.Attachment {
    private static final System.Logger LOG = System.getLogger("berth.container");
    private final AttachOptions options;
    private final boolean tty;
    private final DetachKeys detachKeys;
    private final Runnable unregister;
    private final CompletableFuture<SeqPacketSocket> socket = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean detached;

    AttachSession(AttachOptions options, boolean tty, Runnable unregister) {
        this(options, tty, DetachKeys.forAttach(options.detachKeys()), unregister);
    }

    AttachSession(AttachOptions options, boolean tty, DetachKeys detachKeys, Runnable unregister) {
        this.options = options;
        this.tty = tty;
        this.detachKeys = detachKeys;
        this.unregister = unregister;
    }

    /** Connects to conmon; called by start (or at once for a running container). */
    void connect(Path attachSocket) {
        if (socket.isDone()) return; // connected to an earlier run, or abandoned
        try {
            socket.complete(SeqPacketSocket.connect(attachSocket));
        } catch (NativeException e) {
            // the client then gets no output at all: say why, it would otherwise look like a silent process
            LOG.log(System.Logger.Level.WARNING, "attach: connecting to " + attachSocket + " failed: " + e.getMessage());
            socket.completeExceptionally(e);
        }
    }

    /** The container ended without this session being connected (it exited, or was removed). */
    void abandon() {
        socket.completeExceptionally(new IOException("container is not running"));
    }

    /**
     * Completes once everything conmon sent has been passed on (or the client left). Connected sessions only: one
     * that never connected has nothing to pass on.
     */
    CompletableFuture<Void> drained() {
        if (!socket.isDone() || socket.isCompletedExceptionally()) return CompletableFuture.completedFuture(null);
        return drained;
    }

    /** True when the client typed the detach keys: the process goes on without it. */
    boolean detached() {
        return detached;
    }

    @Override
    public boolean tty() {
        return tty;
    }

    @Override
    public void stream(InputStream stdin, StreamSink sink) throws IOException {
        SeqPacketSocket s = await(sink);
        if (s == null) return;
        try (s) {
            if (options.stdin() && stdin != null) {
                Thread.ofPlatform().daemon().name("attach-stdin").start(() -> pumpStdin(stdin, s));
            }
            Thread reader = Thread.ofPlatform().daemon().name("attach-out").start(() -> pumpOutput(s, sink));
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            unregister.run();
        }
    }

    private SeqPacketSocket await(StreamSink sink) throws IOException {
        while (sink.isOpen()) {
            try {
                return socket.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not started yet; keep waiting while the client is there
            } catch (ExecutionException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        unregister.run();
        return null;
    }

    private void pumpOutput(SeqPacketSocket s, StreamSink sink) {
        byte[] buf = new byte[65536 + 1];
        try {
            while (true) {
                int n = s.read(buf);
                if (n < 0) return;
                if (n < 1) continue;
                StreamType type = buf[0] == 3 ? StreamType.STDERR : StreamType.STDOUT;
                if (type == StreamType.STDOUT && !options.stdout()) continue;
                if (type == StreamType.STDERR && !options.stderr()) continue;
                sink.write(type, buf, 1, n - 1);
            }
        } catch (NativeException e) {
            // conmon's end failed in a way a clean exit never causes: the client may miss output, so say so
            LOG.log(System.Logger.Level.WARNING, "attach: reading the container's output failed: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            // the client went away: the stream is over
        } finally {
            drained.complete(null);
        }
    }

    private void pumpStdin(InputStream stdin, SeqPacketSocket s) {
        // conmon reads one packet into a 32 KiB buffer: a larger packet would be cut
        byte[] buf = new byte[32 * 1024];
        DetachKeys.Scanner keys = tty ? detachKeys.scanner() : null;
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        try {
            int n;
            while ((n = stdin.read(buf)) > 0) {
                if (keys == null) {
                    s.write(buf, 0, n);
                    continue;
                }
                passed.reset();
                boolean detach = keys.scan(buf, n, passed);
                if (passed.size() > 0) s.write(passed.toByteArray(), 0, passed.size());
                if (detach) {
                    detached = true;
                    break;
                }
            }
        } catch (IOException e) {
            // client gone: treat as end of input
        }
        if (tty) {
            // the session ends; the process keeps its stdin (and its terminal)
            s.close();
        } else {
            s.shutdownOutput();
        }
    }

    @Override
    public void close() {
        drained.complete(null);
        socket.thenAccept(SeqPacketSocket::close);
        unregister.run();
    }
}
