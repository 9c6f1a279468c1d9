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
     * Gathers into a fresh array per chunk and hands it over whole, so that no chunk is copied again on its way to
     * the channel (a {@link #write} copies, because its callers reuse their arrays).
     */
    @Override
    public java.io.OutputStream stream(int chunkSize) {
        return new java.io.OutputStream() {
            private io.netty.buffer.ByteBuf buf;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (buf == null) buf = Unpooled.wrappedBuffer(new byte[chunkSize]).clear();
                    int n = Math.min(len, buf.writableBytes());
                    buf.writeBytes(b, off, n);
                    off += n;
                    len -= n;
                    if (!buf.isWritable()) send();
                }
            }

            @Override
            public void flush() throws IOException {
                if (buf != null && buf.isReadable()) send();
            }

            @Override
            public void close() throws IOException {
                flush();
                if (buf != null) {
                    buf.release();
                    buf = null;
                }
            }

            private void send() throws IOException {
                io.netty.buffer.ByteBuf chunk = buf;
                buf = null;
                synchronized (ChunkedBody.this) {
                    if (closed) {
                        chunk.release();
                        throw new IOException("response already ended");
                    }
                    Outbound.write(response.channel(), new DefaultHttpContent(chunk));
                }
            }
        };
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
