package berth.engine.gc;

import berth.engine.content.Digest;
import berth.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows that keep objects alive, read in one transaction so that they are consistent with each other: images
 * (with the digests their repo digests name, which may be an index stored beside the manifest), the image IDs
 * containers were created from, and the images of the builder's cached steps.
 */
record Roots(List<Image> images, Set<Digest> containerImages) {

    record Image(Digest id, Digest manifest, Digest topLayer, Set<Digest> indexes) {}

    static Roots read(Database db) {
        return read(db, true);
    }

    /** {@code withBuildCache}: whether the builder's cached steps count (false: a build cache prune's dry run). */
    static Roots read(Database db, boolean withBuildCache) {
        return db.write(c -> {
            Map<Digest, Set<Digest>> indexes = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, image_id FROM repo_digests");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Digest d = GarbageCollector.parse(name.substring(name.lastIndexOf('@') + 1));
                    Digest image = GarbageCollector.parse(rs.getString(2));
                    if (d != null && image != null) indexes.computeIfAbsent(image, k -> new HashSet<>()).add(d);
                }
            }
            List<Image> images = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, manifest_digest, top_layer FROM images");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Digest id = GarbageCollector.parse(rs.getString(1));
                    if (id == null) continue;
                    String top = rs.getString(3);
                    images.add(new Image(id, GarbageCollector.parse(rs.getString(2)),
                            top == null ? null : GarbageCollector.parse(top), indexes.getOrDefault(id, Set.of())));
                }
            }
            // the builder's cached steps keep their images' objects as an image row would
            try (PreparedStatement s = c.prepareStatement("SELECT image_id, manifest_digest, top_layer FROM build_cache");
                 ResultSet rs = s.executeQuery()) {
                while (withBuildCache && rs.next()) {
                    Digest id = GarbageCollector.parse(rs.getString(1));
                    if (id == null) continue;
                    String top = rs.getString(3);
                    images.add(new Image(id, GarbageCollector.parse(rs.getString(2)),
                            top == null ? null : GarbageCollector.parse(top), Set.of()));
                }
            }
            Set<Digest> containerImages = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT image_id FROM containers");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Digest d = GarbageCollector.parse(rs.getString(1));
                    if (d != null) containerImages.add(d);
                }
            }
            return new Roots(images, containerImages);
        });
    }
}
