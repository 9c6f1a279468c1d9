package berth.engine.registry;

import berth.engine.content.Digest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The blobs being downloaded right now, so that two pulls needing the same blob at once fetch it once: the second
 * waits for the first's download to end and then finds the blob in the content store (or, if that download failed,
 * fetches it itself).
 */
final class BlobFlights {
    private final Map<Digest, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    /** Empty when the caller now owns the download of {@code digest} (and must {@link #land} it); else the other one. */
    Optional<CompletableFuture<Void>> take(Digest digest, CompletableFuture<Void> mine) {
        return Optional.ofNullable(running.putIfAbsent(digest, mine));
    }

    /** Ends the caller's download, successful or not, and wakes whoever waits for it. */
    void land(Digest digest, CompletableFuture<Void> mine) {
        running.remove(digest, mine);
        mine.complete(null);
    }
}
