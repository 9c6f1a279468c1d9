package berth.daemon.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A chunked body written as a stream: bytes gather in a fresh array per chunk, handed over whole when full or on
 * flush, so that no chunk is copied again on its way to the channel (a {@link ChunkedBody#write} copies, because its
 * callers reuse their arrays). Used by one thread at a time.
 */
class ChunkStream extends OutputStream {
    final ChunkedBody body;
    private final int chunkSize;
    private ByteBuf buf;

    ChunkStream(ChunkedBody body, int chunkSize) {
        this.body = body;
        this.chunkSize = chunkSize;
    }

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
        ByteBuf chunk = buf;
        buf = null;
        synchronized (body) {
            if (body.isClosed()) {
                chunk.release();
                throw new IOException("response already ended");
            }
            Outbound.write(body.channel(), new DefaultHttpContent(chunk));
        }
    }

    /**
     * The bytes gathered so far, taken out of the stream: a small rest is copied and its array kept for the next
     * chunk (a stream of many files sends a header or two between regions, and a fresh array of a full chunk for each
     * would be mostly garbage). Null when there are none.
     */
    ByteBuf takePending() {
        if (buf == null || !buf.isReadable()) return null;
        if (buf.readableBytes() > chunkSize / 8) {
            ByteBuf whole = buf;
            buf = null;
            return whole;
        }
        ByteBuf copy = Unpooled.copiedBuffer(buf);
        buf.clear();
        return copy;
    }
}
