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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker rmi}, following moby's ImageDelete rule for rule and message for message:
 * <ul>
 * <li>By name: the name is untagged (with the same repository's digest references when no tag of it is left). When
 * it was the image's only reference and a container uses the image, that needs force. Once no reference is left the
 * image is deleted, quietly: a conflict then keeps the image (dangling) without failing the untag.</li>
 * <li>By ID: with references in one repository only, they go too (a container using it needs force, a running one
 * cannot be forced); with several repositories, force.</li>
 * <li>Deleting: a running container is a hard conflict ("cannot be forced"); references and stopped containers are
 * soft ("must be forced"). A forced delete of an image stopped containers use deletes it; their layers stay.</li>
 * </ul>
 * {@code prune} (not {@code noprune}) would go on to delete the image's untagged parent images; images that Berth
 * pulls or imports have no parent image (only a builder or commit creates them), so it has nothing to act on yet.
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

    /** {@code prune}: also delete untagged parent images; none exist yet (see the class comment). */
    synchronized List<ImageDeleteItem> remove(String name, boolean force, boolean prune) {
        sweepRetained();
        ImageRecord image = images.resolve(name);
        List<ImageDeleteItem> out = new ArrayList<>();
        List<Reference> refs = references(image);
        boolean quiet = false;
        if (!isIdOf(name, image.id())) {
            if (!force && isSingleReference(refs)) {
                Optional<ContainerUse> user = containerUsing(image.id());
                if (user.isPresent()) {
                    throw new ConflictException("conflict: unable to remove repository reference \"" + name
                            + "\" (must force) - container " + user.get().shortId() + " is using its referenced image "
                            + image.id().shortHex());
                }
            }
            Reference ref = Reference.parse(name).withDefaultTag();
            if (images.untag(ref, image.id())) out.add(ImageDeleteItem.untagged(ref.familiarString()));
            refs = references(current(image));
            boolean canonical = ref.digest() != null && ref.tag() == null;
            if (!canonical && refs.stream().noneMatch(r -> r.tag() != null && r.repository().equals(ref.repository()))) {
                for (Reference r : refs) {
                    if (r.tag() == null && r.repository().equals(ref.repository()) && images.untag(r, image.id())) {
                        out.add(ImageDeleteItem.untagged(r.familiarString()));
                    }
                }
                refs = references(current(image));
            }
            if (!refs.isEmpty()) return out;
            quiet = true;
        } else if (isSingleReference(refs)) {
            Conflict c = conflict(image, refs, force ? HARD : HARD | STOPPED_CONTAINER);
            if (c != null) throw c.exception(image);
            for (Reference r : refs) {
                if (images.untag(r, image.id())) out.add(ImageDeleteItem.untagged(r.familiarString()));
            }
        }
        Conflict c = conflict(image, references(current(image)), force ? HARD : HARD | SOFT);
        if (c != null) {
            // After an untag by name, a kept image is not an error unless it is dangling and nobody uses it.
            if (quiet && (!references(current(image)).isEmpty() || c.used())) return out;
            throw c.exception(image);
        }
        for (Reference r : references(current(image))) {
            if (images.untag(r, image.id())) out.add(ImageDeleteItem.untagged(r.familiarString()));
        }
        out.addAll(deleteImage(image));
        return out;
    }

    private static final int RUNNING_CONTAINER = 1;
    private static final int ACTIVE_REFERENCE = 2;
    private static final int STOPPED_CONTAINER = 4;
    private static final int HARD = RUNNING_CONTAINER;
    private static final int SOFT = ACTIVE_REFERENCE | STOPPED_CONTAINER;

    /** moby's imageDeleteConflict: hard ones cannot be forced; {@code used} when a container is the reason. */
    private record Conflict(boolean hard, boolean used, String message) {
        ConflictException exception(ImageRecord image) {
            return new ConflictException("conflict: unable to delete " + image.id().shortHex() + " ("
                    + (hard ? "cannot be forced" : "must be forced") + ") - " + message);
        }
    }

    private Conflict conflict(ImageRecord image, List<Reference> refs, int mask) {
        if ((mask & RUNNING_CONTAINER) != 0) {
            Optional<ContainerUse> running = containerUsing(image.id()).filter(ContainerUse::running);
            if (running.isPresent()) {
                return new Conflict(true, true, "image is being used by running container " + running.get().shortId());
            }
        }
        if ((mask & ACTIVE_REFERENCE) != 0 && !refs.isEmpty()) {
            return new Conflict(false, false, "image is referenced in multiple repositories");
        }
        if ((mask & STOPPED_CONTAINER) != 0) {
            Optional<ContainerUse> stopped = containerUsing(image.id()).filter(u -> !u.running());
            if (stopped.isPresent()) {
                return new Conflict(false, true, "image is being used by stopped container " + stopped.get().shortId());
            }
        }
        return null;
    }

    private ImageRecord current(ImageRecord image) {
        return images.get(image.id()).orElse(image);
    }

    /** moby's isSingleReference: all references in one repository, with at most one tag; false when there are none. */
    private static boolean isSingleReference(List<Reference> refs) {
        if (refs.size() <= 1) return refs.size() == 1;
        Reference single = null;
        java.util.Set<String> canonicalRepos = new HashSet<>();
        for (Reference r : refs) {
            if (r.tag() == null) canonicalRepos.add(r.repository());
            else if (single == null) single = r;
            else return false;
        }
        if (single == null) single = refs.getFirst();
        return canonicalRepos.size() == 1 && canonicalRepos.contains(single.repository());
    }

    private List<ImageDeleteItem> deleteImage(ImageRecord image) {
        if (containerUsing(image.id()).isPresent()) {
            // Forced past stopped containers: gone for users, kept (with its layers) for those containers.
            images.retainForContainers(image.id());
            events.publish("image", "delete", image.id().toString(), Map.of());
            return List.of(ImageDeleteItem.deleted(image.id().toString()));
        }
        return deleteWithLayers(image);
    }

    /** Images kept for containers that are gone by now: removed with their layers, as their rmi would have done. */
    private void sweepRetained() {
        for (Digest id : images.retainedWithoutContainers()) {
            images.get(id).ifPresent(this::deleteWithLayers);
        }
    }

    private List<ImageDeleteItem> deleteWithLayers(ImageRecord image) {
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

    /** How many containers (of any state) each image has; read in one query for the image list. */
    Map<Digest, Long> containerCounts() {
        return db.read(c -> {
            Map<Digest, Long> out = new java.util.HashMap<>();
            try (var s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT image_id, COUNT(*) FROM containers GROUP BY image_id")) {
                while (rs.next()) out.put(Digest.parse(rs.getString(1)), rs.getLong(2));
            }
            return out;
        });
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
