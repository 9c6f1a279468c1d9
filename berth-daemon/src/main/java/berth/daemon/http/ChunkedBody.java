package berth.daemon.http;

import berth.daemon.route.ChunkedOutput;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;

/** A chunked response body: one HTTP chunk per write, flushed at once. */
final class ChunkedBody implements ChunkedOutput {
    private final NettyResponse response;
    private boolean closed;

    ChunkedBody(NettyResponse response) {
        this.response = response;
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) throws IOException {
        if (closed) throw new IOException("response already ended");
        if (length == 0) return;
        Outbound.write(response.channel(), new DefaultHttpContent(Unpooled.copiedBuffer(data, offset, length)));
    }

    /**
     * Gathers into a fresh array per chunk and hands it over whole (see {@link ChunkStream}). Without TLS, whose
     * handler takes bytes only, the stream also sends files as regions (a tar's contents, by sendfile).
     */
    @Override
    public java.io.OutputStream stream(int chunkSize) {
        boolean tls = response.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        return tls ? new ChunkStream(this, chunkSize) : new RegionChunkStream(this, chunkSize);
    }

    io.netty.channel.Channel channel() {
        return response.channel();
    }

    /** Whether the response has ended; read under this object's lock. */
    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isOpen() {
        return !closed && response.isOpen();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        response.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        response.complete();
    }
}
