package berth.engine.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing them and fails at EOF unless they hash to {@code expected} (UMOCI's
 * VerifiedReadCloser). With a known size, reading past it fails at once: sizes from descriptors are limits, not
 * hints. Skipped bytes are hashed too, so a reader cannot step over tampered content.
 */
public final class VerifiedInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest sha256 = Digest.newSha256();
    private long count;
    private boolean verified;

    /** {@code expectedSize} negative: unknown, only the digest is checked. */
    public VerifiedInputStream(InputStream in, Digest expected, long expectedSize) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (verified) return -1;
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        sha256.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new DigestMismatchException("size mismatch for " + expected + ": expected " + expectedSize
                    + " bytes, read more than that");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported by a verifying stream");
    }

    private void verify() throws DigestMismatchException {
        if (expectedSize >= 0 && count != expectedSize) {
            throw new DigestMismatchException("size mismatch for " + expected + ": expected " + expectedSize
                    + " bytes got " + count);
        }
        Digest actual = Digest.of(sha256.digest());
        if (!actual.equals(expected)) {
            throw new DigestMismatchException("digest mismatch: expected " + expected + " got " + actual);
        }
        verified = true;
    }
}
