package berth.daemon.route;

import java.io.IOException;

/**
 * Writes container output as Docker does: without a TTY each write becomes one multiplexed frame
 * ({@code [stream, 0, 0, 0, length as big-endian u32]} then the bytes); with a TTY the bytes go out raw, since a
 * terminal merges stdout and stderr anyway.
 */
public final class StreamFrames {
    public static final int HEADER_SIZE = 8;

    /** Where the encoded bytes go: a chunked response or a hijacked connection. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] data, int offset, int length) throws IOException;
    }

    private final Sink sink;
    private final boolean multiplexed;

    public StreamFrames(Sink sink, boolean multiplexed) {
        this.sink = sink;
        this.multiplexed = multiplexed;
    }

    /** {@code stream}: 0 stdin, 1 stdout, 2 stderr. Frame and payload go out in one write. */
    public void write(int stream, byte[] data, int offset, int length) throws IOException {
        if (length == 0) return;
        if (!multiplexed) {
            sink.write(data, offset, length);
            return;
        }
        byte[] frame = new byte[HEADER_SIZE + length];
        encodeHeader(frame, stream, length);
        System.arraycopy(data, offset, frame, HEADER_SIZE, length);
        sink.write(frame, 0, frame.length);
    }

    static void encodeHeader(byte[] into, int stream, int length) {
        into[0] = (byte) stream;
        into[4] = (byte) (length >>> 24);
        into[5] = (byte) (length >>> 16);
        into[6] = (byte) (length >>> 8);
        into[7] = (byte) length;
    }
}
