package berth.engine.layer;

import berth.engine.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Unpacked layers, one directory per chain ID under {@code <data-root>/layers/<dir>/diff}, shared by every image
 * and container that has that chain (unpacked once). Rows in the {@code layers} table are the authority.
 *
 * <p>Terms (docs/architecture.md): the diff ID is the sha256 of the uncompressed layer tar; the chain ID of the
 * bottom layer is its diff ID, and of a layer above it sha256(parentChainId + " " + diffId).
 *
 * <p>Visibility: {@link #register} unpacks into a staging directory recorded as 'creating', verifies, renames into
 * place and marks it 'ready'; only ready layers are returned. Thread safety: concurrent registers of the same
 * chain ID unpack once (the second waits, then returns the same layer).
 */
public interface LayerStore {

    static LayerStore open(Path dataRoot, berth.engine.store.Database db) throws IOException {
        return LocalLayerStore.open(dataRoot, db);
    }

    /** The chain ID of {@code diffId} on top of {@code parent} (null for the bottom layer). */
    static Digest chainId(Digest parent, Digest diffId) {
        if (parent == null) return diffId;
        return Digest.sha256((parent + " " + diffId).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    Optional<Layer> get(Digest chainId);

    /**
     * Unpacks an uncompressed layer tar on top of {@code parent}, applying whiteouts as overlayfs ones, never writing
     * outside the layer directory. Fails with {@link berth.engine.content.DigestMismatchException} when the tar does
     * not hash to {@code expectedDiffId} (null: accept what it hashes to). Returns the existing layer if present.
     */
    Layer register(Digest parent, Digest expectedDiffId, InputStream uncompressedTar) throws IOException;

    /**
     * As {@link #register(Digest, Digest, InputStream)}, running {@code beforeReady} after the diff ID is verified and
     * the files are synced, and before the layer turns ready: a pull verifies the compressed blob's digest there, so
     * that a ready layer always had both digests checked. If it throws, the layer is discarded. It does not run when
     * the chain is already registered.
     */
    Layer register(Digest parent, Digest expectedDiffId, InputStream uncompressedTar, BeforeReady beforeReady)
            throws IOException;

    /**
     * As {@link #register(Digest, Digest, InputStream, BeforeReady)}, but {@code parent} may still be in the making: a
     * pull unpacks the layers of an image side by side. The files are unpacked at once; {@code awaitParent} is where
     * the caller waits for the parent (and checks what else it must), and the parent must be ready when it returns,
     * or the layer is discarded. The layer never turns ready before its parent.
     */
    Layer registerBesideParent(Digest parent, Digest expectedDiffId, InputStream uncompressedTar, BeforeReady awaitParent)
            throws IOException;

    /**
     * Registers a layer on top of {@code parent} whose files {@code writer} puts into the (empty) staging directory
     * itself, in overlay form (whiteouts as 0:0 character devices), returning the diff ID of the tar those files stand
     * for: a commit copies a container's upper directory that way instead of unpacking its own tar again. The rest is
     * as for {@link #register}: synced before ready, an existing chain is kept and the new copy discarded.
     */
    Layer registerWritten(Digest parent, LayerWriter writer) throws IOException;

    @FunctionalInterface
    interface LayerWriter {
        Written write(Path diffDir) throws IOException;
    }

    /** What a {@link LayerWriter} wrote: the tar's digest and the bytes of regular files. */
    record Written(Digest diffId, long size) {}

    @FunctionalInterface
    interface BeforeReady {
        void check() throws IOException;
    }

    /**
     * The overlay lower directories of a chain, top-most first, as overlayfs' lowerdir wants them. Throws
     * {@link DamagedLayerException} naming the first layer of the chain whose directory is missing.
     */
    List<Path> lowerDirs(Digest chainId) throws IOException;

    /** The same paths, without checking that they exist: for showing them (inspect), never for mounting. */
    List<Path> lowerDirPaths(Digest chainId) throws IOException;

    /** The leases of the store this layer store belongs to: pulls and imports hold one while they work. */
    berth.engine.store.Leases leases();

    /** Deletes a layer that nothing references anymore (callers decide; the store does not count references). */
    void delete(Digest chainId) throws IOException;

    List<Layer> list() throws IOException;

    /** Deletes 'creating' rows and their directories, and directories without a row; once at start-up. */
    void recover() throws IOException;

    /**
     * When each ready layer was registered, or last found present by a register that could not lease it (epoch
     * milliseconds, whole seconds): garbage collection keeps layers younger than the oldest lease.
     */
    java.util.Map<Digest, Long> registeredMillis();

    /** A ready layer. {@code size} is the unpacked size in bytes. */
    record Layer(Digest chainId, Digest diffId, Digest parent, Path diffDir, long size) {}
}
