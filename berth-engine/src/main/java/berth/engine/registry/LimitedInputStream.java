package berth.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts what is read, reports it, and fails when more than {@code limit} bytes arrive (a descriptor's size is a
 * limit) or when the stream ends early (a cut connection is an error, not a short blob).
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
            if (limit >= 0 && count < limit) throw new IOException("unexpected EOF after " + count + " of " + limit + " bytes");
            return n;
        }
        count += n;
        if (limit >= 0 && count > limit) throw new IOException("blob is larger than its descriptor's " + limit + " bytes");
        onProgress.accept(count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
    }
}
