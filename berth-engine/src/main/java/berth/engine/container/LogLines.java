package berth.engine.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads one log file forward, a complete line at a time, from a fixed buffer: bytes after the last newline (a record
 * conmon is still writing) wait for the next call. A line longer than the buffer is not a conmon record and is skipped.
 */
final class LogLines {
    private static final int BUFFER = 64 * 1024;

    /** Receives {@code buf[off, off+len)}, a line without its newline, which starts at {@code offset} in the file. */
    interface Handler {
        void line(byte[] buf, int off, int len, long offset) throws IOException;
    }

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long position; // file offset of buffer[0]
    private boolean skipping; // inside an over-long line

    LogLines(FileChannel channel, long from) {
        this.channel = channel;
        this.position = from;
    }

    /** Hands every complete line up to the current end of the file to {@code handler}. */
    void drain(Handler handler) throws IOException {
        byte[] a = buffer.array();
        while (true) {
            int n = channel.read(buffer, position + buffer.position());
            if (n <= 0) return;
            int start = 0;
            int filled = buffer.position();
            for (int i = filled - n; i < filled; i++) {
                if (a[i] != '\n') continue;
                if (!skipping) handler.line(a, start, i - start, position + start);
                skipping = false;
                start = i + 1;
            }
            if (start == 0 && filled == a.length) { // no newline in a full buffer
                skipping = true;
                start = filled;
            }
            System.arraycopy(a, start, a, 0, filled - start);
            buffer.position(filled - start);
            position += start;
        }
    }
}
