package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Push: every layer blob (skipping those the registry has), then the config, then the manifest with its exact bytes. */
final class ImagePusher {
    private final RegistryClient client;
    private final ContentStore content;
    private final ImageStore images;
    private final EventService events;

    ImagePusher(RegistryClient client, ContentStore content, ImageStore images, EventService events) {
        this.client = client;
        this.content = content;
        this.images = images;
        this.events = events;
    }

    void push(Reference ref, Consumer<ProgressMessage> progress) {
        ImageRecord image;
        try {
            image = images.resolve(ref.familiarString());
        } catch (NotFoundException e) {
            throw new NotFoundException("An image does not exist locally with the tag: " + ref.familiarRepository());
        }
        progress.accept(ProgressMessage.status("The push refers to repository [" + ref.familiarRepository() + "]"));
        try {
            byte[] manifestBytes = content.readAll(image.manifestDigest());
            JsonNode manifest = berth.api.Json.mapper().readTree(manifestBytes);
            for (JsonNode l : manifest.path("layers")) {
                progress.accept(ProgressMessage.status(Descriptor.of(l).shortId(), "Preparing"));
            }
            for (JsonNode l : manifest.path("layers")) pushBlob(ref, Descriptor.of(l), progress, true);
            pushBlob(ref, Descriptor.of(manifest.path("config")), progress, false);
            String mediaType = manifest.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
            client.putManifest(ref, ref.tag(), manifestBytes, mediaType);
            Digest digest = image.manifestDigest();
            progress.accept(ProgressMessage.status(ref.tag() + ": digest: " + digest + " size: " + manifestBytes.length));
            Map<String, Object> aux = new LinkedHashMap<>();
            aux.put("Tag", ref.tag());
            aux.put("Digest", digest.toString());
            aux.put("Size", manifestBytes.length);
            progress.accept(ProgressMessage.aux(aux));
            images.addRepoDigest(ref.withTag(null).withDigest(digest), image.id());
            events.publish("image", "push", ref.familiarString(), Map.of("name", ref.familiarString()));
        } catch (EngineException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("pushing " + ref.familiarString() + ": " + e.getMessage(), e);
        }
    }

    private void pushBlob(Reference ref, Descriptor d, Consumer<ProgressMessage> progress, boolean report) throws IOException {
        if (!content.exists(d.digest())) {
            throw new IOException("blob " + d.digest() + " of the image is missing from the local store");
        }
        if (client.blobExists(ref, d.digest())) {
            if (report) progress.accept(ProgressMessage.status(d.shortId(), "Layer already exists"));
            return;
        }
        Progress p = new Progress(progress, d.shortId(), "Pushing", d.size());
        client.uploadBlob(ref, d.digest(), d.size(), () -> {
            try {
                InputStream in = content.open(d.digest());
                return report ? new LimitedInputStream(in, d.size(), p::update) : in;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (report) progress.accept(ProgressMessage.status(d.shortId(), "Pushed"));
    }
}
