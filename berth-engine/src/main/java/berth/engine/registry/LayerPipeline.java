package berth.engine.registry;

import berth.api.model.ProgressMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Fetches the missing layers of an image side by side: up to {@code maxDownloads} download at once (daemon.json's
 * max-concurrent-downloads), each unpacking while it streams, so that decompression, hashing and writing of several
 * layers use all cores; a layer then waits for the one below it to turn ready, without holding a download slot (so
 * the waits cannot starve the layer they wait for). Layers are reported complete bottom-up, as Docker shows them. A
 * failure cancels the other downloads; what they had fetched stays for the next try.
 */
final class LayerPipeline {
    private final LayerFetcher fetcher;
    private final int maxDownloads;

    LayerPipeline(LayerFetcher fetcher, int maxDownloads) {
        if (maxDownloads < 1) throw new IllegalArgumentException("at least one download at a time");
        this.fetcher = fetcher;
        this.maxDownloads = maxDownloads;
    }

    void run(List<PulledLayer> layers, Consumer<ProgressMessage> progress) throws IOException {
        for (PulledLayer l : layers) {
            progress.accept(ProgressMessage.status(l.id(), l.present() ? "Already exists" : "Pulling fs layer"));
        }
        Semaphore slots = new Semaphore(maxDownloads, true);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            CompletableFuture<Void> below = CompletableFuture.completedFuture(null);
            for (PulledLayer l : layers) {
                if (l.present()) {
                    ready.add(null);
                    below = CompletableFuture.completedFuture(null);
                    continue;
                }
                CompletableFuture<Void> parent = below;
                CompletableFuture<Void> done = new CompletableFuture<>();
                workers.execute(() -> fetchOne(l, parent, done, slots));
                ready.add(done);
                below = done;
            }
            for (int i = 0; i < layers.size(); i++) {
                if (ready.get(i) == null) continue;
                await(ready.get(i));
                fetcher.reportReady(layers.get(i));
            }
        } finally {
            workers.shutdownNow();
            workers.close();
        }
    }

    private void fetchOne(PulledLayer layer, CompletableFuture<Void> parent, CompletableFuture<Void> done, Semaphore slots) {
        AtomicBoolean holding = new AtomicBoolean();
        Runnable release = () -> {
            if (holding.compareAndSet(true, false)) slots.release();
        };
        try {
            slots.acquire();
            holding.set(true);
            fetcher.fetch(layer, () -> {
                release.run();
                await(parent);
            }, release);
            done.complete(null);
        } catch (InterruptedException e) {
            done.completeExceptionally(new InterruptedIOException("pull interrupted"));
        } catch (Throwable t) {
            done.completeExceptionally(t);
        } finally {
            release.run();
        }
    }

    private static void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("pull interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        }
    }
}
