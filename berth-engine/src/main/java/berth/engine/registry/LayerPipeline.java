package berth.engine.registry;

import berth.api.model.ProgressMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Downloads the missing layers in parallel (three at a time, as Docker's max-concurrent-downloads) while unpacking
 * them bottom-up in order as each becomes available. The first missing layer whose parent is already registered is
 * unpacked while it downloads. A failure cancels the other downloads; their partial blobs are discarded.
 */
final class LayerPipeline {
    static final int MAX_CONCURRENT_DOWNLOADS = 3;

    private final LayerFetcher fetcher;

    LayerPipeline(LayerFetcher fetcher) {
        this.fetcher = fetcher;
    }

    void run(List<PulledLayer> layers, Consumer<ProgressMessage> progress) throws IOException {
        for (PulledLayer l : layers) {
            progress.accept(ProgressMessage.status(l.id(), l.present() ? "Already exists" : "Pulling fs layer"));
        }
        Semaphore slots = new Semaphore(MAX_CONCURRENT_DOWNLOADS);
        ExecutorService downloads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Boolean>> unpacked = new ArrayList<>();
            boolean parentReady = true;
            for (PulledLayer l : layers) {
                boolean inline = parentReady && !l.present();
                parentReady = l.present();
                unpacked.add(l.present() ? null : downloads.submit(() -> {
                    slots.acquire();
                    try {
                        return fetcher.download(l, inline);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).present()) continue;
                fetcher.unpack(layers.get(i), await(unpacked.get(i)));
            }
        } finally {
            downloads.shutdownNow();
            downloads.close();
        }
    }

    private static boolean await(Future<Boolean> f) throws IOException {
        try {
            return f.get();
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
