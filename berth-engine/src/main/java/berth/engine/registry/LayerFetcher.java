package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.content.DigestMismatchException;
import berth.engine.content.TeeInputStream;
import berth.engine.layer.Decompression;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fetches one layer: downloads its blob into the content store (verified against the descriptor's digest and size)
 * and unpacks it into the layer store in the same streaming pass, beside the unpacking of its parent (the layer turns
 * ready only after its parent). A download that breaks off keeps its bytes: the next try, in this pull or a later one
 * (also after a restart), asks the registry for the rest with a range request.
 */
final class LayerFetcher {
    /** Tries of a download that keeps breaking off, each continuing where the last stopped. */
    static final int ATTEMPTS = 3;

    private final RegistryClient client;
    private final ContentStore content;
    private final LayerStore layers;
    private final Consumer<ProgressMessage> progress;
    private final BlobFlights flights;

    LayerFetcher(RegistryClient client, ContentStore content, LayerStore layers, Consumer<ProgressMessage> progress,
                 BlobFlights flights) {
        this.client = client;
        this.flights = flights;
        this.content = content;
        this.layers = layers;
        this.progress = progress;
    }

    /**
     * Gets the layer registered. {@code downloaded} runs once its blob is stored (a download slot is free then);
     * {@code parent} then waits until the layer below is ready.
     */
    void fetch(PulledLayer layer, LayerStore.BeforeReady parent, Runnable downloaded) throws IOException {
        // When another pull is downloading the same blob, wait for it ("Waiting") and then use what it stored.
        java.util.concurrent.CompletableFuture<Void> mine = new java.util.concurrent.CompletableFuture<>();
        while (true) {
            java.util.Optional<java.util.concurrent.CompletableFuture<Void>> other = flights.take(layer.blob().digest(), mine);
            if (other.isEmpty()) break;
            progress.accept(ProgressMessage.status(layer.id(), "Waiting"));
            try {
                other.get().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("pull interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                // flights complete normally, even when their download failed
            }
        }
        try {
            fetchOwned(layer, parent, downloaded);
        } finally {
            flights.land(layer.blob().digest(), mine);
        }
    }

    private void fetchOwned(PulledLayer layer, LayerStore.BeforeReady parent, Runnable downloaded) throws IOException {
        if (content.exists(layer.blob().digest())) {
            progress.accept(ProgressMessage.status(layer.id(), "Download complete"));
            downloaded.run();
            unpackStored(layer, parent);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            boolean[] resumed = {false};
            try {
                downloadAndUnpack(layer, parent, downloaded, resumed);
                return;
            } catch (IOException e) {
                // Kept bytes that do not add up to the blob (another registry's, a damaged disk) are dropped by the
                // failed commit: the next try starts from nothing.
                boolean badResume = resumed[0] && e instanceof DigestMismatchException;
                if (!(InterruptedDownload.is(e) || badResume) || attempt == ATTEMPTS) throw e;
                progress.accept(ProgressMessage.status(layer.id(), badResume
                        ? "Downloading again: the kept bytes did not verify" : "Retrying after a broken-off download"));
                if (!badResume) pause(attempt);
            }
        }
    }

    private static void pause(int attempt) throws java.io.InterruptedIOException {
        try {
            Thread.sleep(250L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("pull interrupted");
        }
    }

    private void downloadAndUnpack(PulledLayer layer, LayerStore.BeforeReady parent, Runnable downloaded,
            boolean[] resumed) throws IOException {
        Digest digest = layer.blob().digest();
        long size = layer.blob().size();
        AtomicBoolean verified = new AtomicBoolean();
        try (ContentStore.Ingest ingest = content.resume(digest)) {
            InputStream network = request(layer, ingest);
            long earlier = ingest.written();
            resumed[0] = earlier > 0;
            Progress bar = new Progress(progress, layer.id(), "Downloading", size);
            InputStream fresh = new TeeInputStream(InterruptedDownload.marking(network), ingest.stream());
            InputStream blob = new LimitedInputStream(
                    earlier == 0 ? fresh : new SequenceInputStream(ingest.openWritten(), fresh), size, bar::update);
            try {
                // The blob's own digest is checked before the layer turns ready (both digests, then ready).
                layers.registerBesideParent(layer.parentChain(), layer.diffId(), Decompression.decompressed(blob), () -> {
                    verify(blob, ingest, layer);
                    verified.set(true);
                    downloaded.run();
                    parent.check();
                });
                if (!verified.get()) verify(blob, ingest, layer); // the layer was there already
            } catch (IOException failure) {
                if (keepsItsBytes(failure)) throw registerFailure(failure);
                IOException reported = verified.get() || failure instanceof DigestMismatchException
                        ? registerFailure(failure) : unpackFailure(failure, blob, ingest, layer);
                ingest.discard();
                throw reported;
            } finally {
                network.close();
            }
        }
    }

    /** A download that broke off, stalled or was cancelled keeps what it fetched; anything else starts over. */
    private static boolean keepsItsBytes(IOException failure) {
        return InterruptedDownload.is(failure) || failure instanceof RegistryStallException
                || failure instanceof java.io.InterruptedIOException;
    }

    /**
     * A corrupt blob usually breaks the decompressor before its digest can be checked: read the rest, and report the
     * digest when that is what is wrong, as Docker does.
     */
    private IOException unpackFailure(IOException failure, InputStream blob, ContentStore.Ingest ingest, PulledLayer layer) {
        try {
            blob.transferTo(OutputStream.nullOutputStream());
            ingest.commit(layer.blob().digest(), layer.blob().size());
        } catch (DigestMismatchException mismatch) {
            return new DigestMismatchException("filesystem layer verification failed for digest " + layer.blob().digest());
        } catch (IOException ignored) {
            // the download itself failed: the unpack error says more
        }
        return registerFailure(failure);
    }

    /**
     * The rest of the blob: what the ingest lacks, asked for with a range when it holds the start of it already; a
     * registry that ignores the range sends everything, and the ingest starts over.
     */
    private InputStream request(PulledLayer layer, ContentStore.Ingest ingest) throws IOException {
        long have = ingest.written();
        if (have > layer.blob().size()) ingest.restart(); // more than the blob: not this blob's bytes
        else if (have == layer.blob().size()) return InputStream.nullInputStream(); // all there; only the commit was missing
        if (ingest.written() == 0) return client.blob(layer.blob().digest());
        BlobEndpoints.Body rest = client.blob(layer.blob().digest(), have);
        if (!rest.fromOffset()) {
            ingest.restart();
            return rest.stream();
        }
        progress.accept(ProgressMessage.status(layer.id(), "Resuming download at " + berth.api.model.Units.humanSize(have)
                + " of " + berth.api.model.Units.humanSize(layer.blob().size())));
        return rest.stream();
    }

    /** Unpacks a blob that is stored already, beside its parent. */
    private void unpackStored(PulledLayer layer, LayerStore.BeforeReady parent) throws IOException {
        long size = layer.blob().size();
        try (InputStream blob = new LimitedInputStream(content.open(layer.blob().digest()), size, n -> {})) {
            layers.registerBesideParent(layer.parentChain(), layer.diffId(), Decompression.decompressed(blob), parent);
        } catch (IOException e) {
            throw registerFailure(e);
        }
    }

    /**
     * An unpack failure in Docker's words ("failed to register layer: no space left on device"), without the path of
     * the file it was writing (a path in the data root is not the client's business). Cancellation, digest
     * mismatches and registry errors pass unchanged.
     */
    private static IOException registerFailure(IOException e) {
        if (e instanceof java.io.InterruptedIOException || e instanceof DigestMismatchException || e instanceof RegistryException
                || e instanceof RegistryStallException || InterruptedDownload.is(e)) {
            return e;
        }
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return new IOException("failed to register layer: " + reason, e);
    }

    /**
     * Reads the rest of the blob ({@code rest} copies into the ingest as it is read: bytes after the compressed
     * stream's end still belong to the blob and its digest) and commits it, verifying size and digest.
     */
    private void verify(InputStream rest, ContentStore.Ingest ingest, PulledLayer layer) throws IOException {
        rest.transferTo(OutputStream.nullOutputStream());
        progress.accept(ProgressMessage.status(layer.id(), "Verifying Checksum"));
        try {
            ingest.commit(layer.blob().digest(), layer.blob().size());
        } catch (DigestMismatchException e) {
            throw new DigestMismatchException("filesystem layer verification failed for digest " + layer.blob().digest());
        }
    }

    /** Docker's closing lines for a layer that is ready. */
    void reportReady(PulledLayer layer) {
        long size = layer.blob().size();
        progress.accept(ProgressMessage.progress(layer.id(), "Extracting", size, size));
        progress.accept(ProgressMessage.status(layer.id(), "Pull complete"));
    }
}
