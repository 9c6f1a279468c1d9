package berth.engine.image;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ImageDeleteItem;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.gc.GarbageCollector;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image prune as moby does it: candidates are the images no container (of any state) uses, dangling ones only unless
 * {@code dangling=false}; each goes the way {@code rmi} would take it (every tag untagged, then the image deleted), and
 * the garbage collection after each delete takes the layers and blobs nothing else needs. SpaceReclaimed is what the
 * store held before minus what it holds after. A dry run asks the collector what it would take with those images gone.
 */
final class ImagePrune implements ImagePruner {
    private static final Set<String> KEYS = Set.of("dangling", "until", "label", "label!");

    private final SqliteImageStore store;
    private final ImageRemover remover;
    private final ContentStore content;
    private final LayerStore layers;
    private final EventService events;
    private final GarbageCollector gc;

    ImagePrune(SqliteImageStore store, ImageRemover remover, Database db, ContentStore content, LayerStore layers,
               EventService events) {
        this.store = store;
        this.remover = remover;
        this.content = content;
        this.layers = layers;
        this.events = events;
        this.gc = new GarbageCollector(db, content, layers);
    }

    @Override
    public Report prune(Map<String, List<String>> filters, boolean dryRun) {
        Map<String, List<String>> f = new HashMap<>(filters == null ? Map.of() : filters);
        for (String key : f.keySet()) {
            if (!KEYS.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        boolean danglingOnly = danglingOnly(f.remove("dangling"));
        ImageFilter filter = ImageFilter.of(f, store);
        Map<Digest, Long> used = remover.containerCounts();
        List<ImageRecord> candidates = new ArrayList<>();
        for (ImageRecord image : store.list()) {
            if (used.getOrDefault(image.id(), 0L) > 0) continue;
            if (danglingOnly && !(image.repoTags().isEmpty() && image.repoDigests().isEmpty())) continue;
            if (!f.isEmpty() && !filter.matches(image)) continue;
            candidates.add(image);
        }
        return dryRun ? preview(candidates) : remove(candidates);
    }

    private static boolean danglingOnly(List<String> values) {
        if (values == null || values.isEmpty()) return true;
        boolean result = true;
        for (String v : values) {
            switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> result = true;
                case "false", "0" -> result = false;
                default -> throw new InvalidArgumentException("Invalid filter 'dangling=" + v + "'");
            }
        }
        return result;
    }

    private Report remove(List<ImageRecord> candidates) {
        long before = storeBytes();
        List<ImageDeleteItem> out = new ArrayList<>();
        for (ImageRecord image : candidates) {
            try {
                List<String> refs = new ArrayList<>(image.repoTags());
                refs.addAll(image.repoDigests());
                if (refs.isEmpty()) {
                    out.addAll(remover.remove(image.id().toString(), false, true));
                } else {
                    // untagging the last name deletes the image, as rmi of that name would
                    for (String ref : refs) out.addAll(remover.remove(ref, false, true));
                }
            } catch (ConflictException | NotFoundException e) {
                // used or removed since the candidates were read: it stays (moby skips it the same way)
            }
        }
        long reclaimed = Math.max(0, before - storeBytes());
        events.publish("image", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new Report(out.isEmpty() ? null : out, reclaimed);
    }

    private Report preview(List<ImageRecord> candidates) {
        Set<Digest> gone = new LinkedHashSet<>();
        for (ImageRecord image : candidates) gone.add(image.id());
        if (gone.isEmpty()) return new Report(null, 0);
        GarbageCollector.Result would = gc.preview(gone);
        // A layer two pruned images share goes with the later one, as in the real prune; so the items are listed
        // in the order the real prune reports them.
        Map<Digest, Integer> lastUser = new HashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            for (Digest chain : candidates.get(i).chainIds()) lastUser.put(chain, i);
        }
        List<ImageDeleteItem> ordered = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ImageRecord image = candidates.get(i);
            for (String t : image.repoTags()) ordered.add(ImageDeleteItem.untagged(Reference.parse(t).familiarString()));
            for (String d : image.repoDigests()) ordered.add(ImageDeleteItem.untagged(Reference.parse(d).familiarString()));
            ordered.add(ImageDeleteItem.deleted(image.id().toString()));
            for (Digest chain : image.chainIds().reversed()) {
                if (would.removedLayer(chain) && lastUser.get(chain) == i) ordered.add(ImageDeleteItem.deleted(chain.toString()));
            }
        }
        return new Report(ordered, would.bytes());
    }

    /** Every layer and blob on disk, as df's LayersSize counts them. */
    private long storeBytes() {
        try {
            long total = 0;
            for (LayerStore.Layer l : layers.list()) total += l.size();
            for (ContentStore.BlobInfo b : content.inventory()) total += b.size();
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
