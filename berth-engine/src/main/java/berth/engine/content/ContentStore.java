package berth.engine.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Content-addressed blobs: manifests, configs and compressed layers, as pulled, under
 * {@code <data-root>/content/blobs/sha256/<hex>}.
 *
 * <p>Visibility: a blob exists only after {@link Ingest#commit} verified its size and digest and renamed it
 * into place (fsync'd). Partial writes live under {@code content/ingest/} and are never visible.
 * Idempotency: committing content that is already present succeeds and leaves one copy.
 * Thread safety: all methods may be called concurrently; two ingests of the same digest both succeed.
 * Reads verify: {@link #open} returns a stream that fails at EOF if the bytes do not hash to the digest.
 */
public interface ContentStore {

    static ContentStore open(Path dataRoot) throws IOException {
        return LocalContentStore.open(dataRoot, new berth.engine.store.Leases());
    }

    /** A content store whose commits are ordered with the collections of {@code leases} (the database's). */
    static ContentStore open(Path dataRoot, berth.engine.store.Leases leases) throws IOException {
        return LocalContentStore.open(dataRoot, leases);
    }

    boolean exists(Digest digest);

    /** Size in bytes, or empty when absent. */
    Optional<Long> size(Digest digest);

    /** A verifying stream over the blob; throws NoSuchFileException when absent. */
    InputStream open(Digest digest) throws IOException;

    byte[] readAll(Digest digest) throws IOException;

    /** Stores small content (manifests, configs) in one call; returns its digest. */
    Digest put(byte[] data) throws IOException;

    /** Starts writing a blob whose digest may not be known yet. Close without commit aborts it. */
    Ingest begin() throws IOException;

    /**
     * Starts or continues a download of the blob {@code digest}: bytes an interrupted earlier download left (also
     * before a restart) are kept under {@code content/ingest/partial-<hex>}, counted in {@link Ingest#written()} and
     * readable with {@link Ingest#openWritten()}. Closing without commit keeps them for the next try; a failed
     * commit (wrong digest or size) drops them. While another download of the same blob holds them, this is an
     * ordinary {@link #begin()}.
     */
    Ingest resume(Digest digest) throws IOException;

    void delete(Digest digest) throws IOException;

    List<Digest> list() throws IOException;

    /** Every stored blob with its size and the time it was last committed (garbage collection, disk usage). */
    List<BlobInfo> inventory() throws IOException;

    /** A stored blob; {@code committedMillis} is refreshed when the same content is committed again. */
    record BlobInfo(Digest digest, long size, long committedMillis) {}

    /**
     * Removes ingest leftovers from a crash, keeping partial downloads younger than a week for {@link #resume};
     * called once at start-up.
     */
    void recover() throws IOException;

    /** A blob being written. Hashes as it is written. */
    interface Ingest extends AutoCloseable {
        OutputStream stream();

        long written();

        /** The bytes written so far, from the first (a resumed ingest's earlier bytes). */
        InputStream openWritten() throws IOException;

        /** Drops the bytes written so far, also those a resumable ingest would keep; nothing once committed. */
        void discard() throws IOException;

        /** Forgets the bytes written so far and starts again from nothing (the server ignored a range request). */
        void restart() throws IOException;

        /**
         * Verifies and publishes the blob. {@code expected} may be null (then the computed digest is used),
         * {@code expectedSize} may be negative (unknown). On mismatch throws
         * {@link DigestMismatchException} naming both digests, and discards the data.
         */
        Digest commit(Digest expected, long expectedSize) throws IOException;

        /** Discards the data unless committed. */
        @Override
        void close() throws IOException;
    }
}
