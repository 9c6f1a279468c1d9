package berth.daemon.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A terminal's input as an InputStream that outlives the WebSockets feeding it: keystrokes of whichever socket is
 * attached are queued here, and a read blocks while no one types, until the pipe is closed (then end of input).
 */
final class StdinPipe extends InputStream {
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean closed;

    void offer(byte[] data) {
        if (!closed && data.length > 0) chunks.add(data);
    }

    @Override
    public void close() {
        closed = true;
        chunks.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        while (position >= current.length) {
            if (current == END) return -1;
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
            position = 0;
            if (current == END) {
                chunks.add(END);
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }
}
