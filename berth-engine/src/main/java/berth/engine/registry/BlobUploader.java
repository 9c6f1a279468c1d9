package berth.engine.registry;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.image.Descriptor;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Gets one blob of a pushed image into the registry: already there, mounted from a sibling repository, or uploaded. */
final class BlobUploader {
    private final RegistryClient client;
    private final ContentStore content;
    private final List<String> mountSources;
    private final Consumer<ProgressMessage> progress;

    BlobUploader(RegistryClient client, ContentStore content, List<String> mountSources, Consumer<ProgressMessage> progress) {
        this.client = client;
        this.content = content;
        this.mountSources = mountSources;
        this.progress = progress;
    }

    void pushLayer(Descriptor layer) throws IOException {
        requireLocal(layer);
        if (client.blobExists(layer.digest(), true)) {
            progress.accept(ProgressMessage.status(layer.shortId(), "Layer already exists"));
            return;
        }
        for (String source : mountSources) {
            if (client.mountBlob(layer.digest(), source)) {
                progress.accept(ProgressMessage.status(layer.shortId(), "Mounted from " + source));
                return;
            }
        }
        Progress bar = new Progress(progress, layer.shortId(), "Pushing", layer.size());
        client.uploadBlob(layer.digest(), layer.size(),
                () -> new LimitedInputStream(content.open(layer.digest()), layer.size(), bar::update));
        progress.accept(ProgressMessage.status(layer.shortId(), "Pushed"));
    }

    /** The config goes up silently, as in Docker. */
    void pushConfig(Descriptor config) throws IOException {
        requireLocal(config);
        if (client.blobExists(config.digest(), true)) return;
        client.uploadBlob(config.digest(), config.size(),
                () -> new LimitedInputStream(content.open(config.digest()), config.size(), n -> {}));
    }

    private void requireLocal(Descriptor blob) throws IOException {
        if (!content.exists(blob.digest())) {
            throw new IOException("blob " + blob.digest() + " of the image is missing from the local content store");
        }
    }
}
