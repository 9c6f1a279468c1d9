package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Manifest;
import berth.engine.image.ManifestException;
import berth.engine.image.MediaTypes;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Push: every layer blob, several at once (skipping those the registry has, mounting those another repository of the
 * same registry has), then the config, then the manifest with its stored bytes, so that its digest is the local one.
 */
final class ImagePusher {
    private final Registries registries;
    private final ContentStore content;
    private final ImageStore images;
    private final EventService events;

    ImagePusher(Registries registries, ContentStore content, ImageStore images, EventService events) {
        this.registries = registries;
        this.content = content;
        this.images = images;
        this.events = events;
    }

    void push(Reference ref, Optional<Credential> credential, Platform platform, Consumer<ProgressMessage> progress) {
        if (ref.digest() != null) throw new InvalidArgumentException("cannot push a digest reference");
        ImageRecord image = images.lookup(ref).orElseThrow(() -> new NotFoundException(
                "An image does not exist locally with the tag: " + ref.familiarRepository()));
        // A stored image has one platform: pushing "its linux/amd64 variant" is pushing it, any other is absent.
        if (platform != null && !platform.matches(image.config().os(), image.config().architecture(), image.config().variant())) {
            throw new NotFoundException("image " + ref.familiarString() + " has no content for platform " + platform);
        }
        byte[] manifestBytes;
        Manifest manifest;
        try {
            manifestBytes = content.readAll(image.manifestDigest());
            manifest = Manifest.parse(manifestBytes, null);
        } catch (IOException e) {
            throw new InternalException("the manifest of image " + image.id() + " cannot be read: " + e.getMessage(), e);
        }
        progress.accept(ProgressMessage.status("The push refers to repository [" + ref.repository() + "]"));
        try {
            RegistryClient client = RegistryClient.forRepository(ref, registries, credential);
            BlobUploader uploader = new BlobUploader(client, content, mountSources(ref, image), progress);
            // Docker lists and pushes layers top-most first.
            List<Descriptor> layers = manifest.layers().reversed();
            for (Descriptor l : layers) progress.accept(ProgressMessage.status(l.shortId(), "Preparing"));
            pushLayers(uploader, layers, registries.config().transfers().uploads());
            uploader.pushConfig(manifest.config());
            String mediaType = manifest.mediaType() == null ? MediaTypes.OCI_MANIFEST : manifest.mediaType();
            client.putManifest(ref.tag(), manifestBytes, mediaType);
        } catch (EngineException e) {
            throw e;
        } catch (RegistryException e) {
            throw PullErrors.registry(ref, e, true);
        } catch (ManifestException e) {
            throw new InvalidArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new InternalException(e.getMessage(), e);
        }
        Digest digest = image.manifestDigest();
        progress.accept(ProgressMessage.status(ref.tag() + ": digest: " + digest + " size: " + manifestBytes.length));
        Map<String, Object> aux = new LinkedHashMap<>();
        aux.put("Tag", ref.tag());
        aux.put("Digest", digest.toString());
        aux.put("Size", manifestBytes.length);
        progress.accept(ProgressMessage.aux(aux));
        images.addRepoDigest(ref.withTag(null).withDigest(digest), image.id());
        events.publish("image", "push", ref.familiarString(), Map.of("name", ref.familiarRepository()));
    }

    /**
     * Up to {@code atOnce} layers at once (daemon.json's max-concurrent-uploads); the first failure
     * cancels the rest, whose upload sessions the registry lets expire.
     */
    private static void pushLayers(BlobUploader uploader, List<Descriptor> layers, int atOnce) throws IOException {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(atOnce);
        List<java.util.concurrent.Future<Void>> uploads = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                for (Descriptor l : layers) {
                    uploads.add(workers.submit(() -> {
                        slots.acquire();
                        try {
                            uploader.pushLayer(l);
                            return null;
                        } finally {
                            slots.release();
                        }
                    }));
                }
                for (java.util.concurrent.Future<Void> upload : uploads) upload.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("push interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> throw io;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IOException(e.getCause());
                }
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /**
     * Other repositories of the target registry that this image came from or went to (its repo digests and tags):
     * the registry can link the blobs from there instead of receiving them again.
     */
    private static List<String> mountSources(Reference target, ImageRecord image) {
        return java.util.stream.Stream.concat(image.repoDigests().stream(), image.repoTags().stream())
                .map(Reference::parse)
                .filter(r -> r.domain().equals(target.domain()) && !r.path().equals(target.path()))
                .map(Reference::path)
                .distinct()
                .toList();
    }
}
