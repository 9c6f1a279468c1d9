package berth.daemon.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Writes from a request's virtual thread to its channel. Data is copied (callers reuse their arrays) and flushed
 * at once; when the socket's buffer is full the writer waits for it to drain, so a slow client slows the producer
 * instead of filling the heap.
 */
final class Outbound {
    private Outbound() {}

    static void write(Channel channel, Object message) throws IOException {
        if (!channel.isActive()) throw new IOException("client disconnected");
        ChannelFuture written = channel.writeAndFlush(message);
        if (!channel.isWritable()) {
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing to the client");
            }
            if (!written.isSuccess()) throw new IOException("client disconnected", written.cause());
        }
    }
}
