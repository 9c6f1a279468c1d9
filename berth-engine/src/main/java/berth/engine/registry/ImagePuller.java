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
import berth.engine.image.ImageConfig;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.Platform;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pull as a walk of descriptors (containerd's way): reference → manifest (or index → the platform's manifest) →
 * config → layers. Nothing is recorded as an image until every blob is verified and every layer registered.
 */
final class ImagePuller {
    private final Registries registries;
    private final ContentStore content;
    private final LayerStore layers;
    private final ImageStore images;
    private final EventService events;

    ImagePuller(Registries registries, ContentStore content, LayerStore layers, ImageStore images, EventService events) {
        this.registries = registries;
        this.content = content;
        this.layers = layers;
        this.images = images;
        this.events = events;
    }

    /** Pulls one tag or digest of a repository; {@code platform} null means the host's. */
    void pull(Reference ref, Optional<Credential> credential, Platform platform, Consumer<ProgressMessage> progress) {
        List<RegistryClient> clients = clients(ref, credential);
        boolean updated = pullOne(clients, ref, platform, progress, "");
        Reference named = pullName(ref);
        progress.accept(ProgressMessage.status((updated ? "Status: Downloaded newer image for "
                : "Status: Image is up to date for ") + named.familiarString()));
        events.publish("image", "pull", named.familiarString(), Map.of("name", named.familiarRepository()));
    }

    /** {@code pull -a}: every tag the registry lists, one after another; the first failure ends the pull (as Docker). */
    void pullAllTags(Reference repository, Optional<Credential> credential, Platform platform,
                     Consumer<ProgressMessage> progress) {
        List<RegistryClient> clients = clients(repository, credential);
        List<String> tags = null;
        for (int i = 0; tags == null; i++) {
            try {
                tags = clients.get(i).tags();
                clients = clients.subList(i, clients.size());
            } catch (IOException e) {
                if (i == clients.size() - 1) throw PullErrors.manifest(repository, e);
            }
        }
        if (tags.isEmpty()) throw new NotFoundException("no tags available for " + repository.familiarRepository());
        boolean updated = false;
        for (String tag : tags) {
            Reference ref = repository.withTag(tag);
            updated |= pullOne(clients, ref, platform, progress, tag + ": ");
            events.publish("image", "pull", ref.familiarString(), Map.of("name", ref.familiarRepository()));
        }
        progress.accept(ProgressMessage.status((updated ? "Status: Downloaded newer image for "
                : "Status: Image is up to date for ") + repository.familiarRepository()));
    }

    /**
     * A reference with both a tag and a digest is pulled by digest and recorded by digest only: the tag may name
     * something else (Docker leaves it alone).
     */
    private static Reference pullName(Reference ref) {
        return ref.digest() != null ? ref.withTag(null) : ref;
    }

    /**
     * Where to pull from: for docker.io, each configured mirror first (anonymously), then docker.io itself; for any
     * other registry, the registry.
     */
    private List<RegistryClient> clients(Reference ref, Optional<Credential> credential) {
        List<RegistryClient> out = new ArrayList<>();
        try {
            if (ref.domain().equals(Reference.DEFAULT_DOMAIN)) {
                for (java.net.URI mirror : registries.config().mirrors()) out.add(RegistryClient.forMirror(ref, registries, mirror));
            }
            out.add(RegistryClient.forRepository(ref, registries, credential));
        } catch (IOException e) {
            throw new InvalidArgumentException("registry settings for " + ref.domain() + ": " + e.getMessage());
        }
        return out;
    }

    /** Pulls one reference; returns whether the name now points at an image it did not point at before. */
    private boolean pullOne(List<RegistryClient> clients, Reference requested, Platform platform,
                            Consumer<ProgressMessage> progress, String statusPrefix) {
        Reference ref = pullName(requested);
        PullTarget target = null;
        RegistryClient client = null;
        for (int i = 0; target == null; i++) {
            client = clients.get(i);
            boolean last = i == clients.size() - 1;
            try {
                target = ManifestResolver.resolve(client, ref.tagOrDigest(), platform == null ? Platform.HOST : platform);
            } catch (IOException e) {
                if (last) throw PullErrors.manifest(ref, e);
                System.getLogger("berth.registry").log(System.Logger.Level.INFO, "mirror " + client.describe()
                        + " could not serve " + ref.familiarString() + " (" + e.getMessage() + "); trying the next source");
            } catch (EngineException e) {
                if (last) throw e;
            }
        }
        // Docker's first line has no progressDetail, unlike the per-layer ones.
        progress.accept(new ProgressMessage(statusPrefix + "Pulling from " + ref.path(), ref.tagOrDigest(), null, null,
                null, null, null, null));
        // The lease keeps what this pull finds present, and everything it creates, from garbage collection until the
        // image row references it (docs/store.md).
        try (Leases.Lease lease = layers.leases().acquire("pull " + ref)) {
            Descriptor configBlob = target.manifest().config();
            lease.add(configBlob.digest()); // a stored config found present must stay readable
            byte[] configBytes = fetchConfig(client, configBlob);
            ImageConfig imageConfig = ImageConfig.parse(configBytes);
            checkPlatform(ref, imageConfig, platform);
            List<PulledLayer> pulled = plan(target, imageConfig, lease);
            new LayerPipeline(new LayerFetcher(client, content, layers, progress, registries.flights()),
                    registries.config().transfers().downloads()).run(pulled, progress);
            return commit(ref, target, configBlob.digest(), configBytes, pulled, progress);
        } catch (EngineException e) {
            throw e;
        } catch (RegistryException e) {
            throw PullErrors.registry(ref, e, false);
        } catch (java.io.InterruptedIOException e) {
            throw new InternalException("pull of " + ref.familiarString() + " cancelled", e);
        } catch (IOException e) {
            throw new InternalException(e.getMessage(), e);
        }
    }

    /**
     * A plain manifest (no index) carries its platform in the config: with {@code --platform} it must be that one;
     * without, it must at least be a Linux image.
     */
    private static void checkPlatform(Reference ref, ImageConfig c, Platform wanted) {
        String os = c.os() == null || c.os().isEmpty() ? "linux" : c.os();
        String arch = c.architecture() == null ? "" : c.architecture();
        if (wanted == null) {
            if (!os.equals("linux")) {
                throw new InvalidArgumentException("image operating system \"" + os
                        + "\" cannot be used on this platform: operating system is not supported");
            }
            return;
        }
        Platform actual = new Platform(os, arch, c.variant()).normalized();
        boolean match = actual.os().equals(wanted.os()) && actual.architecture().equals(wanted.architecture())
                && (wanted.variant().isEmpty() || actual.variant().equals(wanted.variant()));
        if (!match) {
            throw new NotFoundException("image with reference " + ref.familiarString()
                    + " was found but does not match the specified platform: wanted " + wanted + ", actual: " + actual);
        }
    }

    /**
     * The config blob, from the store if present, verified against its descriptor either way. Its size is checked
     * before anything is read: a config is a small JSON document, and one of a gigabyte must not reach the heap.
     */
    private byte[] fetchConfig(RegistryClient client, Descriptor blob) throws IOException {
        if (blob.size() > BoundedBody.MAX_CONFIG_BYTES) {
            throw BoundedBody.tooLarge("image config " + blob.digest(), blob.size(), BoundedBody.MAX_CONFIG_BYTES);
        }
        if (content.exists(blob.digest())) return content.readAll(blob.digest());
        byte[] bytes = BoundedBody.read(new LimitedInputStream(client.blob(blob.digest()), blob.size(), n -> {}),
                BoundedBody.MAX_CONFIG_BYTES, "image config " + blob.digest());
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
            // A registered chain is not enough: the image row promises its layer blobs too (push reads them), and a
            // chain can be there without this blob (an import of the same tar; a create's lease that kept the chain
            // while a collection took the blob of the image it was removing).
            boolean present = layers.get(chain).isPresent() && content.exists(blobs.get(i).digest());
            out.add(new PulledLayer(blobs.get(i), diffId, parent, chain, present));
            parent = chain;
        }
        return out;
    }

    private boolean commit(Reference ref, PullTarget target, Digest configDigest, byte[] configBytes,
                           List<PulledLayer> pulled, Consumer<ProgressMessage> progress) throws IOException {
        Optional<ImageRecord> before = images.lookup(ref);
        Digest stored = content.put(configBytes);
        if (!stored.equals(configDigest)) throw new IOException("image config digest changed while storing it");
        for (FetchedManifest document : target.documents()) content.put(document.bytes());
        for (int attempt = 1; ; attempt++) {
            images.commit(target.manifestDigest(), configDigest, pulled.stream().map(PulledLayer::chain).toList());
            try {
                if (ref.digest() == null) images.tag(ref, configDigest); // by digest: the tag stays where it is
                images.addRepoDigest(ref.withTag(null).withDigest(target.digest()), configDigest);
                break;
            } catch (Database.StoreException e) {
                // An rmi removed the image row between commit and tag; the lease kept its layers and blobs, so the
                // pull records it again and wins.
                if (attempt == 3 || !e.isForeignKeyViolation()) throw e;
            }
        }
        progress.accept(ProgressMessage.status("Digest: " + target.digest()));
        return before.isEmpty() || !before.get().id().equals(configDigest);
    }
}
