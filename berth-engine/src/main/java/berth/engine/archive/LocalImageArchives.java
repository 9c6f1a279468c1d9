package berth.engine.archive;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.gc.GarbageCollector;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.image.Platform;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

final class LocalImageArchives implements ImageArchives {
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore store;
    private final ImageService images;
    private final EventService events;
    private final GarbageCollector gc;
    private final UrlSource urls = new UrlSource();

    LocalImageArchives(Database db, ContentStore content, LayerStore layers, ImageStore store, ImageService images,
                       EventService events) {
        this.content = content;
        this.layers = layers;
        this.store = store;
        this.images = images;
        this.events = events;
        this.gc = new GarbageCollector(db, content, layers);
    }

    @Override
    public Archive save(List<String> names, String platform) {
        Platform p = PlatformParam.parse(platform);
        return ArchiveWriter.prepare(content, SaveSelection.of(store, names, p));
    }

    @Override
    public void load(InputStream archive, boolean quiet, String platform, Consumer<ProgressMessage> progress) {
        Platform p = PlatformParam.parse(platform);
        boolean done = false;
        try (Leases.Lease lease = layers.leases().acquire("load")) {
            new ArchiveLoader(content, layers, store, events, lease, quiet, p, progress).load(archive);
            done = true;
        } catch (IOException e) {
            throw new berth.api.errors.InvalidArgumentException("loading images: " + e.getMessage(), e);
        } finally {
            // what a failed load stored (blobs, layers) is referenced by nothing: it goes now, not at the next rmi
            if (!done) collect();
        }
    }

    private void collect() {
        try {
            gc.collect();
        } catch (RuntimeException e) {
            System.getLogger("berth.archive").log(System.Logger.Level.WARNING, "gc after a failed load: " + e.getMessage());
        }
    }

    @Override
    public String importUrl(String url, String repo, String tag, List<String> changes, String message,
                            Consumer<ProgressMessage> progress) {
        try (InputStream body = urls.open(url)) {
            return images.importImage(body, repo, tag, changes, message, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
