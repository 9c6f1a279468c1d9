package berth.engine.content;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** One blob being written to {@code content/ingest/<random>}, hashed as the bytes pass. Not thread-safe. */
final class LocalIngest implements ContentStore.Ingest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256 = Digest.newSha256();
    private final OutputStream stream;
    private final LocalContentStore store;
    private long written;
    private boolean done;

    private LocalIngest(Path file, FileChannel channel, LocalContentStore store) {
        this.file = file;
        this.channel = channel;
        this.store = store;
        this.stream = new HashingStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
    }

    static LocalIngest create(Path ingestDir, LocalContentStore store) throws IOException {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Path file = ingestDir.resolve(HexFormat.of().formatHex(id));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalIngest(file, channel, store);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public Digest commit(Digest expected, long expectedSize) throws IOException {
        if (done) throw new IOException("ingest " + file.getFileName() + " already committed or closed");
        try {
            stream.flush();
            channel.force(true);
            channel.close();
            Digest actual = Digest.of(sha256.digest());
            if (expectedSize >= 0 && written != expectedSize) {
                throw new DigestMismatchException("size mismatch for " + (expected != null ? expected : actual)
                        + ": expected " + expectedSize + " bytes got " + written);
            }
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException("digest mismatch: expected " + expected + " got " + actual);
            }
            store.publish(file, actual);
            done = true;
            return actual;
        } finally {
            if (!done) discard();
        }
    }

    @Override
    public void close() throws IOException {
        if (!done) discard();
    }

    private void discard() throws IOException {
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Hashes before buffering, so the digest always covers exactly what the caller wrote. */
    private final class HashingStream extends FilterOutputStream {
        HashingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            checkOpen();
            out.write(b);
            sha256.update((byte) b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkOpen();
            out.write(b, off, len);
            sha256.update(b, off, len);
            written += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // closing the stream is not committing; the ingest decides
        }

        private void checkOpen() throws IOException {
            if (done) throw new IOException("ingest " + file.getFileName() + " already committed or closed");
        }
    }
}
