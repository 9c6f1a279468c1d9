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

    /** Ends the response (the terminating chunk). */
    @Override
    void close();
}
