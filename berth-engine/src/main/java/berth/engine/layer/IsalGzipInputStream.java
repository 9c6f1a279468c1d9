package berth.engine.layer;

import berth.engine.sys.IsalInflater;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A gzip stream decoded by ISA-L ({@link IsalInflater}), read as {@link java.util.zip.GZIPInputStream} reads it:
 * members one after another, trailing bytes that do not start another member ignored, a stream that ends inside a
 * member an {@link EOFException}, corrupt data or a CRC-32 or length mismatch a {@link java.util.zip.ZipException}.
 */
final class IsalGzipInputStream extends InputStream {
    private static final int INPUT_BYTES = 64 * 1024;

    private final InputStream in;
    private final IsalInflater inflater = new IsalInflater(INPUT_BYTES, 64 * 1024);
    private final byte[] input = new byte[INPUT_BYTES];
    private boolean eof;
    private boolean closed;

    IsalGzipInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("Stream closed");
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        while (!eof) {
            if (inflater.finished()) {
                if (!nextMember()) eof = true;
                continue;
            }
            if (inflater.inputLeft() == 0) {
                int n = in.read(input, 0, input.length);
                if (n < 0) throw new EOFException("Unexpected end of gzip input stream");
                inflater.setInput(input, 0, n);
            }
            int produced = inflater.inflate(b, off, len);
            if (produced > 0) return produced;
            // The library stops only at the end of its input or of the member, or on an error (thrown).
            if (!inflater.finished() && inflater.inputLeft() > 0) throw new IOException("gzip decoder made no progress");
        }
        return -1;
    }

    /** After a member: the next one if the following bytes start one (gzip's magic), else the end. */
    private boolean nextMember() throws IOException {
        byte[] rest = inflater.remaining();
        if (rest.length < 2) {
            byte[] more = in.readNBytes(2 - rest.length);
            byte[] joined = new byte[rest.length + more.length];
            System.arraycopy(rest, 0, joined, 0, rest.length);
            System.arraycopy(more, 0, joined, rest.length, more.length);
            rest = joined;
        }
        if (rest.length < 2 || (rest[0] & 0xff) != 0x1f || (rest[1] & 0xff) != 0x8b) return false;
        inflater.reset();
        inflater.setInput(rest, 0, rest.length);
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            in.close();
        } finally {
            inflater.close();
        }
    }
}
