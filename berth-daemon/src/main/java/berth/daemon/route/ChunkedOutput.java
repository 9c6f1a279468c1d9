package berth.daemon.route;

import berth.api.Json;
import java.io.IOException;

/**
 * The body of a chunked response. Each write is one chunk, flushed at once, because clients render progress and
 * follow logs as they arrive. Writes fail with IOException once the client has gone.
 */
public interface ChunkedOutput extends AutoCloseable {

    void write(byte[] data, int offset, int length) throws IOException;

    default void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /** One JSON object and "\r\n", as dockerd separates the lines of its progress streams. */
    default void writeJsonLine(Object value) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(value);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 2);
        line[json.length] = '\r';
        line[json.length + 1] = '\n';
        write(line);
    }

    boolean isOpen();

    /**
     * The body as a stream that sends a chunk each time {@code chunkSize} bytes have gathered (and on flush), for
     * large bodies written in small pieces (a tar). The default gathers in an array that each chunk copies; the
     * server's own writes straight into the buffers it sends and, unless the connection is TLS, also takes whole
     * files to send with sendfile (it is then a {@link berth.engine.layer.FileRegionOutput}).
     */
    default java.io.OutputStream stream(int chunkSize) {
        ChunkedOutput self = this;
        return new java.io.BufferedOutputStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                self.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                self.write(b, off, len);
            }
        }, chunkSize);
    }

    /** Ends the response (the terminating chunk). */
    @Override
    void close();
}
