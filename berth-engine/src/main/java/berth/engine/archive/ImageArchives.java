package berth.engine.archive;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/** {@code docker save}, {@code docker load}, and {@code docker import} of a URL. */
public interface ImageArchives {

    static ImageArchives create(Database db, ContentStore content, LayerStore layers, ImageStore store,
                                ImageService images, EventService events) {
        return new LocalImageArchives(db, content, layers, store, images, events);
    }

    /**
     * Resolves {@code names} (IDs, references; a repository without a tag stands for all its tags) and checks that
     * every blob they need is stored, before anything is written: a missing image is a plain 404. {@code platform}
     * (may be null) must be the images' own.
     */
    Archive save(List<String> names, String platform);

    /** An archive ready to be written. */
    interface Archive {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Loads every image of a docker-archive or OCI archive (plain or compressed), reporting {@code Loaded image: …}
     * lines (and layer progress unless {@code quiet}). On failure nothing of the archive stays in the store.
     */
    void load(InputStream archive, boolean quiet, String platform, Consumer<ProgressMessage> progress);

    /**
     * Imports a root filesystem tarball fetched from {@code url} (http or https), as {@link ImageService#importImage}.
     * An unreachable host is a clear error after a bounded wait.
     */
    String importUrl(String url, String repo, String tag, List<String> changes, String message,
                     Consumer<ProgressMessage> progress);
}
