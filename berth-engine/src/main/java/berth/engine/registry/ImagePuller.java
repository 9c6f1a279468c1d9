package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageConfig;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.Decompression;
import berth.engine.layer.LayerStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Pull as a walk of descriptors: index → linux/amd64 manifest → config → layers. Layers download in parallel (three at
 * a time) into verified blobs, then unpack bottom-up, as Docker does. Nothing is recorded as an image until every
 * layer is verified and registered.
 */
final class ImagePuller {
    private static final int PARALLEL_DOWNLOADS = 3;

    private final RegistryClient client;
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore images;
    private final EventService events;

    ImagePuller(RegistryClient client, ContentStore content, LayerStore layers, ImageStore images, EventService events) {
        this.client = client;
        this.content = content;
        this.layers = layers;
        this.images = images;
        this.events = events;
    }

    void pull(Reference ref, Consumer<ProgressMessage> progress) {
        RegistryClient.Fetched manifest = resolve(ref);
        progress.accept(ProgressMessage.status(ref.tagOrDigest(), "Pulling from " + ref.path()));
        try {
            JsonNode json = manifest.json();
            Descriptor configDesc = Descriptor.of(json.path("config"));
            byte[] configBytes;
            try (InputStream in = new LimitedInputStream(client.blob(ref, configDesc.digest()), configDesc.size(), n -> {})) {
                configBytes = in.readAllBytes();
            }
            Digest configDigest = Digest.sha256(configBytes);
            if (!configDigest.equals(configDesc.digest())) {
                throw new IOException("config digest mismatch: expected " + configDesc.digest() + " got " + configDigest);
            }
            ImageConfig config = ImageConfig.parse(configBytes);
            List<Descriptor> layerDescs = new ArrayList<>();
            for (JsonNode l : json.path("layers")) layerDescs.add(Descriptor.of(l));
            List<String> diffIds = config.diffIds();
            if (diffIds.size() != layerDescs.size()) {
                throw new IOException("manifest has " + layerDescs.size() + " layers but the config " + diffIds.size());
            }
            List<Digest> chains = new ArrayList<>();
            Digest parent = null;
            for (String d : diffIds) chains.add(parent = LayerStore.chainId(parent, Digest.parse(d)));
            boolean[] present = new boolean[chains.size()];
            for (int i = 0; i < chains.size(); i++) {
                present[i] = layers.get(chains.get(i)).isPresent();
                progress.accept(ProgressMessage.status(layerDescs.get(i).shortId(), present[i] ? "Already exists" : "Pulling fs layer"));
            }
            download(ref, layerDescs, present, progress);
            for (int i = 0; i < chains.size(); i++) {
                if (present[i]) continue;
                Descriptor d = layerDescs.get(i);
                Progress p = new Progress(progress, d.shortId(), "Extracting", d.size());
                try (InputStream blob = new LimitedInputStream(content.open(d.digest()), d.size(), p::update);
                     InputStream tar = Decompression.decompressed(blob)) {
                    layers.register(i == 0 ? null : chains.get(i - 1), Digest.parse(diffIds.get(i)), tar);
                }
                progress.accept(ProgressMessage.status(d.shortId(), "Pull complete"));
            }
            content.put(configBytes);
            Digest manifestDigest = content.put(manifest.bytes());
            Optional<berth.engine.image.ImageRecord> before = ref.tag() != null ? images.lookup(ref) : Optional.empty();
            images.commit(manifestDigest, configDigest, chains);
            if (ref.tag() != null) images.tag(ref, configDigest);
            images.addRepoDigest(ref.withTag(null).withDigest(manifestDigest), configDigest);
            progress.accept(ProgressMessage.status("Digest: " + manifestDigest));
            boolean upToDate = before.isPresent() && before.get().id().equals(configDigest);
            progress.accept(ProgressMessage.status((upToDate ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                    + ref.familiarString()));
            events.publish("image", "pull", ref.familiarString(), Map.of("name", ref.familiarString()));
        } catch (EngineException e) {
            throw e;
        } catch (IOException e) {
            throw new InternalException("pulling " + ref.familiarString() + ": " + e.getMessage(), e);
        }
    }

    /** The manifest to pull: the reference's own, or the linux/amd64 entry of an index. Errors here precede any progress. */
    private RegistryClient.Fetched resolve(Reference ref) {
        try {
            RegistryClient.Fetched m = client.manifest(ref, ref.tagOrDigest());
            if (ref.digest() != null && !m.digest().equals(ref.digest())) {
                throw new InternalException("manifest digest mismatch: expected " + ref.digest() + " got " + m.digest(), null);
            }
            if (MediaTypes.INDEXES.contains(m.mediaType()) || m.json().has("manifests")) {
                Digest chosen = null;
                for (JsonNode entry : m.json().path("manifests")) {
                    JsonNode p = entry.path("platform");
                    if (p.path("os").asText().equals("linux") && p.path("architecture").asText().equals("amd64")) {
                        chosen = Digest.parse(entry.path("digest").asText());
                        break;
                    }
                }
                if (chosen == null) {
                    throw new NotFoundException("no matching manifest for linux/amd64 in the manifest list entries");
                }
                RegistryClient.Fetched picked = client.manifest(ref, chosen.toString());
                if (!picked.digest().equals(chosen)) {
                    throw new InternalException("manifest digest mismatch: expected " + chosen + " got " + picked.digest(), null);
                }
                content.put(m.bytes());
                return picked;
            }
            if (m.json().path("schemaVersion").asInt() == 1 || m.mediaType().equals(MediaTypes.DOCKER_SCHEMA1)) {
                throw new InvalidArgumentException("unsupported manifest format: Docker Image manifest schema 1 for "
                        + ref.familiarString());
            }
            return m;
        } catch (RegistryException e) {
            if (e.status == 404 && e.code.equals("NAME_UNKNOWN")) {
                throw new NotFoundException("repository " + ref.familiarRepository() + " not found: name unknown: " + e.getMessage());
            }
            if (e.status == 404) {
                throw new NotFoundException("manifest for " + ref.familiarString() + " not found: manifest unknown: " + e.getMessage());
            }
            if (e.status == 401 || e.status == 403) {
                throw new berth.api.errors.ForbiddenException("pull access denied for " + ref.familiarRepository()
                        + ", repository does not exist or may require 'docker login': " + e.getMessage());
            }
            throw new InternalException("pulling " + ref.familiarString() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InternalException(e.getMessage(), e);
        }
    }

    private void download(Reference ref, List<Descriptor> descs, boolean[] present, Consumer<ProgressMessage> progress)
            throws IOException {
        Semaphore slots = new Semaphore(PARALLEL_DOWNLOADS);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < descs.size(); i++) {
                if (present[i]) continue;
                Descriptor d = descs.get(i);
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        downloadOne(ref, d, progress);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    private void downloadOne(Reference ref, Descriptor d, Consumer<ProgressMessage> progress) throws IOException {
        if (!content.exists(d.digest())) {
            Progress p = new Progress(progress, d.shortId(), "Downloading", d.size());
            try (ContentStore.Ingest ingest = content.begin();
                 InputStream in = new LimitedInputStream(client.blob(ref, d.digest()), d.size(), p::update)) {
                in.transferTo(ingest.stream());
                progress.accept(ProgressMessage.status(d.shortId(), "Verifying Checksum"));
                ingest.commit(d.digest(), d.size());
            }
        }
        progress.accept(ProgressMessage.status(d.shortId(), "Download complete"));
    }
}
