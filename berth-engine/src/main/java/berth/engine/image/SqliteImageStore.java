package berth.engine.image;

import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Images, tags and repo digests in SQLite; configs and manifests in the content store. Parsed configs are cached
 * by image ID: they are immutable (the ID is their digest).
 */
final class SqliteImageStore implements ImageStore {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{1,64}");

    private final Database db;
    private final ContentStore content;
    private final LayerStore layers;
    private final EventService events;
    private final Map<Digest, ImageConfig> configs = new ConcurrentHashMap<>();

    SqliteImageStore(Database db, ContentStore content, LayerStore layers, EventService events) {
        this.db = db;
        this.content = content;
        this.layers = layers;
        this.events = events;
    }

    @Override
    public ImageRecord commit(Digest manifestDigest, Digest configDigest, List<Digest> chainIds) {
        long size = 0;
        for (Digest chain : chainIds) {
            size += layers.get(chain).map(LayerStore.Layer::size)
                    .orElseThrow(() -> new InternalException("layer " + chain + " is not registered", null));
        }
        long total = size;
        Digest top = chainIds.isEmpty() ? null : chainIds.getLast();
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT OR IGNORE INTO images(id, manifest_digest, top_layer, size, created) VALUES (?,?,?,?,?)")) {
                s.setString(1, configDigest.toString());
                s.setString(2, manifestDigest.toString());
                s.setString(3, top == null ? null : top.toString());
                s.setLong(4, total);
                s.setLong(5, System.currentTimeMillis());
                s.executeUpdate();
            }
        });
        return get(configDigest).orElseThrow();
    }

    @Override
    public Optional<Digest> tag(Reference ref, Digest imageId) {
        String name = ref.toString();
        Optional<Digest> previous = db.write(c -> {
            Optional<Digest> before = queryId(c, "SELECT image_id FROM tags WHERE name = ?", name);
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO tags(name, image_id) VALUES (?, ?)")) {
                s.setString(1, name);
                s.setString(2, imageId.toString());
                s.executeUpdate();
            }
            return before.filter(b -> !b.equals(imageId));
        });
        events.publish("image", "tag", imageId.toString(), Map.of("name", ref.familiarString()));
        return previous;
    }

    /** Removes a tag or digest reference; returns whether it existed. */
    boolean untag(Reference ref, Digest imageId) {
        String table = ref.digest() != null && ref.tag() == null ? "repo_digests" : "tags";
        boolean removed = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                s.setString(1, ref.toString());
                return s.executeUpdate() > 0;
            }
        });
        if (removed) events.publish("image", "untag", imageId.toString(), Map.of("name", ref.familiarString()));
        return removed;
    }

    @Override
    public void addRepoDigest(Reference ref, Digest imageId) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO repo_digests(name, image_id) VALUES (?, ?)")) {
                s.setString(1, ref.repository() + "@" + ref.digest());
                s.setString(2, imageId.toString());
                s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ImageRecord> get(Digest imageId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT manifest_digest, size FROM images WHERE id = ?")) {
                s.setString(1, imageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.<Row>empty();
                    return Optional.of(new Row(imageId, Digest.parse(rs.getString(1)), rs.getLong(2),
                            names(c, "tags", imageId), names(c, "repo_digests", imageId)));
                }
            }
        }).map(this::toRecord);
    }

    @Override
    public ImageRecord resolve(String name) {
        return find(name).orElseThrow(() -> NotFoundException.image(name));
    }

    Optional<ImageRecord> find(String name) {
        String text = name.startsWith("sha256:") ? name.substring(7) : name;
        if (text.length() == 64 && HEX.matcher(text).matches()) return get(new Digest("sha256", text));
        Reference ref;
        try {
            ref = Reference.parse(name);
        } catch (RuntimeException e) {
            ref = null;
        }
        if (ref != null) {
            Optional<ImageRecord> found = lookup(ref);
            if (found.isPresent()) return found;
        }
        if (HEX.matcher(text).matches()) return byIdPrefix(text);
        if (ref == null) throw new berth.api.errors.InvalidArgumentException("invalid reference format");
        return Optional.empty();
    }

    @Override
    public Optional<ImageRecord> lookup(Reference ref) {
        Reference full = ref.withDefaultTag();
        Optional<Digest> id = db.read(c -> {
            if (full.tag() != null) {
                return queryId(c, "SELECT image_id FROM tags WHERE name = ?", full.withDigest(null).toString());
            }
            return queryId(c, "SELECT image_id FROM repo_digests WHERE name = ?", full.toString());
        });
        return id.flatMap(this::get);
    }

    private Optional<ImageRecord> byIdPrefix(String prefix) {
        List<String> ids = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE id LIKE ? LIMIT 2")) {
                s.setString(1, "sha256:" + prefix + "%");
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
        if (ids.size() > 1) {
            throw new berth.api.errors.InvalidArgumentException("ambiguous image ID prefix " + prefix);
        }
        return ids.isEmpty() ? Optional.empty() : get(Digest.parse(ids.getFirst()));
    }

    List<ImageRecord> list() {
        List<Digest> ids = db.read(c -> {
            List<Digest> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM images ORDER BY created DESC")) {
                while (rs.next()) out.add(Digest.parse(rs.getString(1)));
            }
            return out;
        });
        return ids.stream().map(this::get).flatMap(Optional::stream).toList();
    }

    /** Deletes the image row (its tags and digests go with it). */
    void delete(Digest imageId) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM images WHERE id = ?")) {
                s.setString(1, imageId.toString());
                s.executeUpdate();
            }
        });
        configs.remove(imageId);
    }

    /** Every blob digest referenced by a stored image's manifest, and the manifests themselves. */
    List<Digest> manifests() {
        return db.read(c -> {
            List<Digest> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT manifest_digest FROM images")) {
                while (rs.next()) out.add(Digest.parse(rs.getString(1)));
            }
            return out;
        });
    }

    ImageConfig config(Digest imageId) {
        return configs.computeIfAbsent(imageId, id -> {
            try {
                return ImageConfig.parse(content.readAll(id));
            } catch (IOException e) {
                throw new InternalException("reading config of image " + id + ": " + e.getMessage(), e);
            }
        });
    }

    private ImageRecord toRecord(Row row) {
        ImageConfig config = config(row.id);
        List<Digest> chains = new ArrayList<>();
        Digest parent = null;
        for (String diffId : config.diffIds()) {
            parent = LayerStore.chainId(parent, Digest.parse(diffId));
            chains.add(parent);
        }
        return new ImageRecord(row.id, row.manifest, config, List.copyOf(chains), familiar(row.tags), familiar(row.digests),
                row.size);
    }

    private static List<String> familiar(List<String> names) {
        return names.stream().map(n -> Reference.parse(n).familiarString()).sorted().toList();
    }

    private static List<String> names(Connection c, String table, Digest imageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM " + table + " WHERE image_id = ? ORDER BY name")) {
            s.setString(1, imageId.toString());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static Optional<Digest> queryId(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Digest.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private record Row(Digest id, Digest manifest, long size, List<String> tags, List<String> digests) {}
}
