package berth.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts what is read, reports the count, and fails when more than {@code limit} bytes arrive (a descriptor's size is
 * a limit, so a registry cannot fill the disk) or when the stream ends early (a cut connection is an error).
 */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final LongConsumer onProgress;
    private long count;

    LimitedInputStream(InputStream in, long limit, LongConsumer onProgress) {
        super(in);
        this.limit = limit;
        this.onProgress = onProgress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            if (count < limit) throw new TruncatedException("unexpected EOF: got " + count + " of " + limit + " bytes");
            return n;
        }
        count += n;
        if (count > limit) throw new IOException("blob is larger than its descriptor's size of " + limit + " bytes");
        onProgress.accept(count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    /** The stream ended before its size: a cut connection, worth another try. */
    static final class TruncatedException extends IOException {
        TruncatedException(String message) {
            super(message);
        }
    }
}
