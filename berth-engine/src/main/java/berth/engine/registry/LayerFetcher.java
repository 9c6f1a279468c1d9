package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.DigestMismatchException;
import berth.engine.content.TeeInputStream;
import berth.engine.layer.Decompression;
import berth.engine.layer.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Fetches one layer: downloads its blob into the content store (verified against the descriptor's digest and size),
 * and unpacks it into the layer store, with Docker's progress messages. When the layer's parent is already
 * registered, download and unpack are one streaming pass; otherwise the unpack reads the stored blob later, because
 * the layer store registers a layer only on top of a ready parent.
 */
final class LayerFetcher {
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
     * Downloads the blob; unpacks it in the same pass when {@code unpackInline}. Returns whether it unpacked. When
     * another pull is downloading the same blob, waits for it ("Waiting") and then uses what it stored.
     */
    boolean download(PulledLayer layer, boolean unpackInline) throws IOException {
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
            return downloadOwned(layer, unpackInline);
        } finally {
            flights.land(layer.blob().digest(), mine);
        }
    }

    private boolean downloadOwned(PulledLayer layer, boolean unpackInline) throws IOException {
        if (content.exists(layer.blob().digest())) {
            progress.accept(ProgressMessage.status(layer.id(), "Download complete"));
            return false;
        }
        Progress bar = new Progress(progress, layer.id(), "Downloading", layer.blob().size());
        java.util.concurrent.atomic.AtomicBoolean verified = new java.util.concurrent.atomic.AtomicBoolean();
        try (ContentStore.Ingest ingest = content.begin();
             InputStream in = new LimitedInputStream(client.blob(layer.blob().digest()), layer.blob().size(), bar::update)) {
            if (unpackInline) {
                InputStream tee = new TeeInputStream(in, ingest.stream());
                try {
                    // The blob's own digest is checked before the layer turns ready (both digests, then ready).
                    layers.register(layer.parentChain(), layer.diffId(), Decompression.decompressed(tee), () -> {
                        verify(tee, ingest, layer);
                        verified.set(true);
                    });
                } catch (IOException unpackFailure) {
                    // A corrupt blob usually breaks the decompressor before its digest can be checked: read the rest,
                    // and report the digest when that is what is wrong, as Docker does.
                    try {
                        tee.transferTo(OutputStream.nullOutputStream());
                        ingest.commit(layer.blob().digest(), layer.blob().size());
                    } catch (DigestMismatchException mismatch) {
                        throw new DigestMismatchException("filesystem layer verification failed for digest "
                                + layer.blob().digest() + ": " + mismatch.getMessage());
                    } catch (IOException ignored) {
                        // the download itself failed: the unpack error says more
                    }
                    throw registerFailure(unpackFailure);
                }
                if (!verified.get()) verify(tee, ingest, layer); // the layer was there already
            } else {
                in.transferTo(ingest.stream());
                verify(InputStream.nullInputStream(), ingest, layer);
            }
        }
        progress.accept(ProgressMessage.status(layer.id(), "Download complete"));
        return unpackInline;
    }

    /**
     * An unpack failure in Docker's words ("failed to register layer: no space left on device"), without the path of
     * the file it was writing (a path in the data root is not the client's business). Cancellation, digest
     * mismatches and registry errors pass unchanged.
     */
    private static IOException registerFailure(IOException e) {
        if (e instanceof java.io.InterruptedIOException || e instanceof DigestMismatchException || e instanceof RegistryException) {
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

    /** Unpacks the stored blob on top of the (now registered) parent. */
    void unpack(PulledLayer layer, boolean alreadyUnpacked) throws IOException {
        long size = layer.blob().size();
        // Another pull of the same image registered it meanwhile (this pull waited for its download).
        if (alreadyUnpacked || layers.get(layer.chain()).isPresent()) {
            progress.accept(ProgressMessage.progress(layer.id(), "Extracting", size, size));
        } else {
            Progress bar = new Progress(progress, layer.id(), "Extracting", size);
            try (InputStream blob = new LimitedInputStream(content.open(layer.blob().digest()), size, bar::update)) {
                layers.register(layer.parentChain(), layer.diffId(), Decompression.decompressed(blob));
            } catch (IOException e) {
                throw registerFailure(e);
            }
        }
        progress.accept(ProgressMessage.status(layer.id(), "Pull complete"));
    }
}
