package berth.daemon.http;

import berth.daemon.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * berthd's pipeline on an EmbeddedChannel: raw HTTP in, raw bytes out, no sockets. Request threads hand their
 * event-loop work to a thread-safe queue that this harness runs on the test thread, and the bytes written to the
 * "socket" are captured under a lock, so that the test thread never races the request's virtual thread.
 */
final class ApiChannel implements AutoCloseable {
    final EmbeddedChannel channel = new EmbeddedChannel();
    private final ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    ApiChannel(Router router) {
        channel.pipeline().addFirst("capture", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof ByteBuf buf) {
                    synchronized (written) {
                        written.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(buf));
                    }
                } else {
                    throw new IllegalStateException("unencoded message reached the socket: " + msg);
                }
                ReferenceCountUtil.release(msg);
                promise.setSuccess();
            }
        });
        ApiChannelInitializer.configure(channel, new RequestDispatcher(router, loopTasks::add));
    }

    void send(String raw) {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] raw) {
        runLoop();
        channel.writeInbound(Unpooled.wrappedBuffer(raw));
        runLoop();
    }

    /** The client shuts down its sending side (what the docker CLI does after an attach). */
    void halfClose() {
        runLoop();
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        runLoop();
    }

    String output() {
        synchronized (written) {
            return written.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Waits (running the loop tasks) until the output satisfies {@code done}; fails after five seconds. */
    String awaitOutput(Predicate<String> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            runLoop();
            String out = output();
            if (done.test(out)) return out;
            if (System.nanoTime() > deadline) throw new AssertionError("timed out; output so far:\n" + out);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Sends one request and returns the first complete response. */
    RawResponse exchange(String raw) {
        send(raw);
        return RawResponse.parse(awaitOutput(out -> RawResponse.parse(out) != null));
    }

    void awaitClosed() {
        awaitOutput(out -> !channel.isOpen());
    }

    void awaitLoopIdle() {
        runLoop();
    }

    private void runLoop() {
        for (Runnable task; (task = loopTasks.poll()) != null; ) task.run();
        channel.runPendingTasks();
    }

    @Override
    public void close() {
        runLoop();
        channel.finishAndReleaseAll();
    }
}
