package berth.engine.content;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One blob being written to {@code content/ingest/<random>}, hashed as the bytes pass; or, resumable, to
 * {@code content/ingest/partial-<hex>}, which outlives a failed download. Not thread-safe.
 */
final class LocalIngest implements ContentStore.Ingest {
    static final String PARTIAL_PREFIX = "partial-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256 = Digest.newSha256();
    private final OutputStream stream;
    private final LocalContentStore store;
    private final Runnable release;
    private final boolean resumable;
    private long written;
    private boolean done;
    private boolean committed;

    private LocalIngest(Path file, FileChannel channel, LocalContentStore store, boolean resumable, Runnable release) {
        this.file = file;
        this.channel = channel;
        this.store = store;
        this.resumable = resumable;
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        this.release = () -> {
            if (released.compareAndSet(false, true)) release.run();
        };
        this.stream = new HashingStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
    }

    static LocalIngest create(Path ingestDir, LocalContentStore store) throws IOException {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        Path file = ingestDir.resolve(HexFormat.of().formatHex(id));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new LocalIngest(file, channel, store, false, () -> {});
    }

    /** Opens (or creates) the partial file of {@code digest}; its bytes are hashed again to continue after them. */
    static LocalIngest resume(Path ingestDir, Digest digest, LocalContentStore store, Runnable release) throws IOException {
        Path file = ingestDir.resolve(PARTIAL_PREFIX + digest.hex());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        LocalIngest ingest = new LocalIngest(file, channel, store, true, release);
        try (InputStream earlier = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = earlier.read(buf)) > 0; ) {
                ingest.sha256.update(buf, 0, n);
                ingest.written += n;
            }
            channel.position(ingest.written);
        } catch (IOException | RuntimeException e) {
            channel.close();
            release.run();
            throw e;
        }
        return ingest;
    }

    @Override
    public InputStream openWritten() throws IOException {
        stream.flush();
        return new BoundedInputStream(Files.newInputStream(file), written);
    }

    @Override
    public void restart() throws IOException {
        stream.flush();
        channel.truncate(0);
        channel.position(0);
        sha256.reset();
        written = 0;
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
            committed = true;
            release.run();
            return actual;
        } finally {
            if (!done) discard();
        }
    }

    @Override
    public void close() throws IOException {
        if (done) return;
        if (!resumable) {
            discard();
            return;
        }
        // Kept for the next try: flushed, so that what the file holds is what was hashed.
        done = true;
        try (channel) {
            stream.flush();
        } finally {
            release.run();
        }
    }

    @Override
    public void discard() throws IOException {
        if (committed) return;
        done = true;
        try {
            channel.close();
        } finally {
            try {
                Files.deleteIfExists(file);
            } finally {
                release.run();
            }
        }
    }

    /** Written bytes after which the disk is asked to start writing the file back, so commit's fsync waits less. */
    private static final long WRITEBACK_STEP = 8L << 20;
    private long writebackAt = WRITEBACK_STEP;

    private void writeBackSoon() {
        if (written < writebackAt) return;
        writebackAt = written + WRITEBACK_STEP;
        berth.engine.sys.FileSync.startWriteback(file);
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
            writeBackSoon();
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
