package berth.engine.image;

import berth.api.errors.ConflictException;
import berth.api.model.ImageDeleteItem;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.gc.GarbageCollector;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker rmi}, following moby's ImageDelete: a name untags first and deletes only when no reference is left;
 * an ID deletes (all references too when they are in one repository, or with force). A container using the image
 * blocks the delete unless forced; then the image stays, untagged, because the container's rootfs needs its layers.
 */
final class ImageRemover {
    private final Database db;
    private final SqliteImageStore images;
    private final EventService events;
    private final GarbageCollector gc;

    ImageRemover(Database db, SqliteImageStore images, LayerStore layers, ContentStore content, EventService events) {
        this.db = db;
        this.images = images;
        this.events = events;
        this.gc = new GarbageCollector(db, content, layers);
    }

    synchronized List<ImageDeleteItem> remove(String name, boolean force) {
        ImageRecord image = images.resolve(name);
        List<ImageDeleteItem> out = new ArrayList<>();
        Optional<ContainerUse> user = containerUsing(image.id());
        boolean byId = isIdOf(name, image.id());
        List<Reference> refs = references(image);
        if (!byId) {
            Reference ref = Reference.parse(name).withDefaultTag();
            List<Reference> tags = refs.stream().filter(r -> r.tag() != null).toList();
            if (tags.size() == 1 && user.isPresent() && !force) {
                throw new ConflictException("conflict: unable to remove repository reference \"" + name
                        + "\" (must force) - container " + user.get().shortId() + " is using its referenced image "
                        + image.id().shortHex());
            }
            if (images.untag(ref, image.id())) out.add(ImageDeleteItem.untagged(ref.familiarString()));
            refs = references(images.get(image.id()).orElseThrow());
            // Only digest references of the same repository left: they go too (moby does the same).
            boolean onlyDigestsLeft = refs.stream().noneMatch(r -> r.tag() != null);
            if (!onlyDigestsLeft) return out;
            for (Reference r : refs) {
                if (r.repository().equals(ref.repository()) && images.untag(r, image.id())) {
                    out.add(ImageDeleteItem.untagged(r.familiarString()));
                }
            }
            if (!references(images.get(image.id()).orElseThrow()).isEmpty()) return out;
        } else {
            if (user.isPresent() && !force) {
                throw new ConflictException("conflict: unable to delete " + image.id().shortHex() + " (must be forced) - image is being used by "
                        + (user.get().running() ? "running" : "stopped") + " container " + user.get().shortId());
            }
            long repos = refs.stream().map(Reference::repository).distinct().count();
            if (repos > 1 && !force) {
                throw new ConflictException("conflict: unable to delete " + image.id().shortHex()
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            for (Reference r : refs) {
                if (images.untag(r, image.id())) out.add(ImageDeleteItem.untagged(r.familiarString()));
            }
        }
        if (user.isPresent()) return out; // forced: untagged, kept for the container
        out.addAll(deleteImage(image));
        return out;
    }

    private List<ImageDeleteItem> deleteImage(ImageRecord image) {
        List<ImageDeleteItem> out = new ArrayList<>();
        try {
            images.delete(image.id());
        } catch (Database.StoreException e) {
            // A container was created from it since the check above: the outcome is that of a container that was
            // there first (untagged, kept for the container).
            if (e.isForeignKeyViolation()) return out;
            throw e;
        }
        out.add(ImageDeleteItem.deleted(image.id().toString()));
        events.publish("image", "delete", image.id().toString(), Map.of());
        // Layers and blobs go by garbage collection, which also keeps what other images, containers and in-flight
        // pulls still need (docs/store.md).
        GarbageCollector.Result collected = gc.collect();
        for (Digest chain : image.chainIds().reversed()) {
            if (collected.removedLayer(chain)) out.add(ImageDeleteItem.deleted(chain.toString()));
        }
        return out;
    }

    private static List<Reference> references(ImageRecord image) {
        List<Reference> out = new ArrayList<>();
        for (String t : image.repoTags()) out.add(Reference.parse(t));
        for (String d : image.repoDigests()) out.add(Reference.parse(d));
        return out;
    }

    private static boolean isIdOf(String name, Digest id) {
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        return hex.matches("[a-f0-9]{1,64}") && id.hex().startsWith(hex);
    }

    /** Reads the containers table directly: the image package sits below the container package and cannot call it. */
    Optional<ContainerUse> containerUsing(Digest imageId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT c.id, COALESCE(s.status, '') FROM containers c "
                    + "LEFT JOIN container_state s ON s.id = c.id WHERE c.image_id = ? "
                    + "ORDER BY (s.status = 'running') DESC LIMIT 1")) {
                s.setString(1, imageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new ContainerUse(rs.getString(1), rs.getString(2).equals("running")))
                            : Optional.<ContainerUse>empty();
                }
            }
        });
    }

    record ContainerUse(String id, boolean running) {
        String shortId() {
            return id.substring(0, 12);
        }
    }
}
