package berth.engine.gc;

import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark and sweep over the store (containerd's metadata GC, in one pass). Roots: every image row (its config, its
 * manifest, the layer blobs that manifest lists, the chain under its top layer, the index its repo digests name),
 * every container row (its image's config and the chain that config describes, even when the image row is gone),
 * and every active lease (named resources, and whatever was created since the oldest lease began). Everything
 * reachable is kept; ready layers and blobs that are not are removed. Layers still 'creating' belong to a running
 * register and are left to it (or to start-up recovery).
 *
 * <p>Stateless: any number of collectors over the same database share its {@link Leases}, which serialises
 * collections and makes leases wait while one sweeps. Thread safety: every method may be called from any thread.
 */
public final class GarbageCollector {
    private static final System.Logger LOG = System.getLogger("berth.gc");

    private final Database db;
    private final ContentStore content;
    private final LayerStore layers;

    public GarbageCollector(Database db, ContentStore content, LayerStore layers) {
        this.db = db;
        this.content = content;
        this.layers = layers;
    }

    /** What one collection removed. */
    public record Result(List<Digest> layers, List<Digest> blobs, long bytes) {
        public boolean removedLayer(Digest chainId) {
            return layers.contains(chainId);
        }
    }

    /** Runs one collection now; waits for a running one to finish first. */
    public Result collect() {
        return db.leases().collect(this::collect);
    }

    /**
     * What a collection would remove if the images {@code gone} were deleted first (their rows and the containers'
     * claims on them unchanged otherwise), without removing anything: a prune's dry run.
     */
    public Result preview(Set<Digest> gone) {
        return db.leases().collect(leased -> sweep(leased, gone, false, true));
    }

    /** What a collection would remove if the build cache were emptied first, without removing anything. */
    public Result previewWithoutBuildCache() {
        return db.leases().collect(leased -> sweep(leased, Set.of(), false, false));
    }

    private Result collect(Leases.Snapshot leased) {
        return sweep(leased, Set.of(), true, true);
    }

    private Result sweep(Leases.Snapshot leased, Set<Digest> gone, boolean remove, boolean withBuildCache) {
        Roots roots = Roots.read(db, withBuildCache);
        Set<Digest> liveBlobs = new HashSet<>();
        Set<Digest> liveChains = new HashSet<>();
        for (String r : leased.resources()) {
            Digest d = parse(r);
            if (d != null) {
                liveBlobs.add(d);
                liveChains.add(d);
            }
        }
        for (Roots.Image image : roots.images()) {
            if (gone.contains(image.id())) continue;
            liveBlobs.add(image.id());
            liveBlobs.addAll(image.indexes());
            if (image.manifest() != null) {
                liveBlobs.add(image.manifest());
                liveBlobs.addAll(ImageObjects.layerBlobs(content, image.manifest()));
            }
            if (image.topLayer() != null) liveChains.add(image.topLayer());
        }
        for (Digest config : roots.containerImages()) {
            liveBlobs.add(config);
            liveChains.addAll(ImageObjects.chains(content, config));
        }

        List<LayerStore.Layer> all;
        try {
            all = layers.list();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<Digest, LayerStore.Layer> byChain = new HashMap<>();
        for (LayerStore.Layer l : all) byChain.put(l.chainId(), l);
        // A kept layer keeps everything below it.
        for (Digest chain : List.copyOf(liveChains)) {
            for (LayerStore.Layer l = byChain.get(chain); l != null && l.parent() != null; l = byChain.get(l.parent())) {
                if (!liveChains.add(l.parent())) break;
            }
        }

        List<Digest> removedLayers = new ArrayList<>();
        List<Digest> removedBlobs = new ArrayList<>();
        long bytes = 0;
        Map<Digest, Integer> depth = new HashMap<>();
        Map<Digest, Long> registered = layers.registeredMillis();
        List<LayerStore.Layer> dead = all.stream()
                .filter(l -> !liveChains.contains(l.chainId())
                        && !leased.protectsCreatedAt(registered.getOrDefault(l.chainId(), Long.MAX_VALUE)))
                .sorted(Comparator.comparingInt((LayerStore.Layer l) -> depth(l, byChain, depth)).reversed())
                .toList();
        for (LayerStore.Layer l : dead) {
            try {
                if (remove) layers.delete(l.chainId());
                removedLayers.add(l.chainId());
                bytes += l.size();
            } catch (IOException | RuntimeException e) {
                // A layer that cannot go now stays garbage for the next collection; the rest still goes.
                LOG.log(System.Logger.Level.WARNING, "gc: keeping layer " + l.chainId() + ": " + e.getMessage());
            }
        }
        List<ContentStore.BlobInfo> blobs;
        try {
            blobs = content.inventory();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (ContentStore.BlobInfo b : blobs) {
            if (liveBlobs.contains(b.digest()) || leased.protectsCreatedAt(b.committedMillis())) continue;
            try {
                if (remove) content.delete(b.digest());
                removedBlobs.add(b.digest());
                bytes += b.size();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "gc: keeping blob " + b.digest() + ": " + e.getMessage());
            }
        }
        if (remove && (!removedLayers.isEmpty() || !removedBlobs.isEmpty())) {
            LOG.log(System.Logger.Level.INFO, "gc: removed " + removedLayers.size() + " layers and "
                    + removedBlobs.size() + " blobs, " + bytes + " bytes");
        }
        return new Result(List.copyOf(removedLayers), List.copyOf(removedBlobs), bytes);
    }

    private static int depth(LayerStore.Layer l, Map<Digest, LayerStore.Layer> byChain, Map<Digest, Integer> memo) {
        Integer known = memo.get(l.chainId());
        if (known != null) return known;
        LayerStore.Layer parent = l.parent() == null ? null : byChain.get(l.parent());
        int d = parent == null ? 0 : depth(parent, byChain, memo) + 1;
        memo.put(l.chainId(), d);
        return d;
    }

    static Digest parse(String text) {
        return ImageObjects.parse(text);
    }
}
