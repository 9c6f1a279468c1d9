package berth.engine.registry;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.Descriptor;
import berth.engine.image.ImageConfig;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pull as a walk of descriptors (containerd's way): reference → manifest (or index → linux/amd64 manifest) → config →
 * layers. Nothing is recorded as an image until every blob is verified and every layer registered.
 */
final class ImagePuller {
    private final RegistryConfig config;
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore images;
    private final EventService events;

    ImagePuller(RegistryConfig config, ContentStore content, LayerStore layers, ImageStore images, EventService events) {
        this.config = config;
        this.content = content;
        this.layers = layers;
        this.images = images;
        this.events = events;
    }

    void pull(Reference ref, Consumer<ProgressMessage> progress) {
        RegistryClient client = RegistryClient.forRepository(ref, config, Optional.empty());
        PullTarget target;
        try {
            target = ManifestResolver.resolve(client, ref.tagOrDigest());
        } catch (IOException e) {
            throw PullErrors.manifest(ref, e);
        }
        // Docker's first line has no progressDetail, unlike the per-layer ones.
        progress.accept(new ProgressMessage("Pulling from " + ref.path(), ref.tagOrDigest(), null, null, null, null, null, null));
        // The lease keeps what this pull finds present, and everything it creates, from garbage collection until the
        // image row references it (docs/store.md).
        try (Leases.Lease lease = layers.leases().acquire("pull " + ref)) {
            Descriptor configBlob = target.manifest().config();
            byte[] configBytes = fetchConfig(client, configBlob);
            List<PulledLayer> pulled = plan(target, ImageConfig.parse(configBytes), lease);
            new LayerPipeline(new LayerFetcher(client, content, layers, progress)).run(pulled, progress);
            commit(ref, target, configBlob.digest(), configBytes, pulled, progress);
        } catch (EngineException e) {
            throw e;
        } catch (RegistryException e) {
            throw PullErrors.registry(ref, e, false);
        } catch (IOException e) {
            throw new InternalException(e.getMessage(), e);
        }
    }

    /** The config blob, from the store if present, verified against its descriptor either way. */
    private byte[] fetchConfig(RegistryClient client, Descriptor blob) throws IOException {
        if (content.exists(blob.digest())) return content.readAll(blob.digest());
        byte[] bytes;
        try (InputStream in = new LimitedInputStream(client.blob(blob.digest()), blob.size(), n -> {})) {
            bytes = in.readAllBytes();
        }
        Digest actual = Digest.sha256(bytes);
        if (!actual.equals(blob.digest())) {
            throw new IOException("image config verification failed for digest " + blob.digest() + ": got " + actual);
        }
        return bytes;
    }

    /** Pairs each layer blob with its diff ID from the config, and computes the chain IDs bottom-up. */
    private List<PulledLayer> plan(PullTarget target, ImageConfig imageConfig, Leases.Lease lease) {
        List<Descriptor> blobs = target.manifest().layers();
        List<String> diffIds = imageConfig.diffIds();
        if (blobs.size() != diffIds.size()) {
            throw new InvalidArgumentException("invalid image: the manifest lists " + blobs.size()
                    + " layers but the config " + diffIds.size() + " diff IDs");
        }
        List<PulledLayer> out = new ArrayList<>(blobs.size());
        Digest parent = null;
        for (int i = 0; i < blobs.size(); i++) {
            Digest diffId = Digest.parse(diffIds.get(i));
            Digest chain = LayerStore.chainId(parent, diffId);
            lease.add(chain, blobs.get(i).digest()); // before looking: what is present now stays present
            out.add(new PulledLayer(blobs.get(i), diffId, parent, chain, layers.get(chain).isPresent()));
            parent = chain;
        }
        return out;
    }

    private void commit(Reference ref, PullTarget target, Digest configDigest, byte[] configBytes,
                        List<PulledLayer> pulled, Consumer<ProgressMessage> progress) throws IOException {
        Optional<ImageRecord> before = images.lookup(ref);
        Digest stored = content.put(configBytes);
        if (!stored.equals(configDigest)) throw new IOException("image config digest changed while storing it");
        for (FetchedManifest document : target.documents()) content.put(document.bytes());
        for (int attempt = 1; ; attempt++) {
            images.commit(target.manifestDigest(), configDigest, pulled.stream().map(PulledLayer::chain).toList());
            try {
                if (ref.tag() != null) images.tag(ref.withDigest(null), configDigest);
                images.addRepoDigest(ref.withTag(null).withDigest(target.digest()), configDigest);
                break;
            } catch (Database.StoreException e) {
                // An rmi removed the image row between commit and tag; the lease kept its layers and blobs, so the
                // pull records it again and wins.
                if (attempt == 3 || !e.isForeignKeyViolation()) throw e;
            }
        }
        progress.accept(ProgressMessage.status("Digest: " + target.digest()));
        boolean upToDate = before.isPresent() && before.get().id().equals(configDigest);
        progress.accept(ProgressMessage.status((upToDate ? "Status: Image is up to date for "
                : "Status: Downloaded newer image for ") + ref.familiarString()));
        events.publish("image", "pull", ref.familiarString(), Map.of("name", ref.familiarRepository()));
    }
}
