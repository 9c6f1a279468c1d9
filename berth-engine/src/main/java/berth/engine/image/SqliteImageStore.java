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
    /** As the registry client's cap on configs it pulls. */
    private static final long MAX_CONFIG_BYTES = 8 * 1024 * 1024;

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
        // The row is read back in the same transaction: an rmi may delete it as soon as it commits (the puller then
        // finds that out when it tags, and records the image again).
        Row row = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT OR IGNORE INTO images(id, manifest_digest, top_layer, size, created) VALUES (?,?,?,?,?)")) {
                s.setString(1, configDigest.toString());
                s.setString(2, manifestDigest.toString());
                s.setString(3, top == null ? null : top.toString());
                s.setLong(4, total);
                s.setLong(5, System.currentTimeMillis());
                s.executeUpdate();
            }
            // Pulled or imported again after an rmi that had to keep it for containers: visible again.
            try (PreparedStatement s = c.prepareStatement("UPDATE images SET deleted = 0 WHERE id = ? AND deleted = 1")) {
                s.setString(1, configDigest.toString());
                s.executeUpdate();
            }
            return row(c, configDigest).orElseThrow();
        });
        return toRecord(row);
    }

    @Override
    public ImageRecord commitHidden(Digest manifestDigest, Digest configDigest, List<Digest> chainIds) {
        long size = 0;
        for (Digest chain : chainIds) {
            size += layers.get(chain).map(LayerStore.Layer::size)
                    .orElseThrow(() -> new InternalException("layer " + chain + " is not registered", null));
        }
        long total = size;
        Digest top = chainIds.isEmpty() ? null : chainIds.getLast();
        Row row = db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO images(id, manifest_digest, top_layer, "
                    + "size, created, deleted) VALUES (?,?,?,?,?,1)")) {
                s.setString(1, configDigest.toString());
                s.setString(2, manifestDigest.toString());
                s.setString(3, top == null ? null : top.toString());
                s.setLong(4, total);
                s.setLong(5, System.currentTimeMillis());
                s.executeUpdate();
            }
            return row(c, configDigest).orElseThrow();
        });
        return toRecord(row);
    }

    @Override
    public void dropHidden(Digest imageId) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM images WHERE id = ? AND deleted = 1 "
                    + "AND NOT EXISTS (SELECT 1 FROM containers WHERE image_id = images.id)")) {
                s.setString(1, imageId.toString());
                s.executeUpdate();
            }
        });
        configs.remove(imageId);
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
        return db.read(c -> row(c, imageId)).map(this::toRecord);
    }

    private static Optional<Row> row(Connection c, Digest imageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT manifest_digest, size, top_layer FROM images WHERE id = ?")) {
            s.setString(1, imageId.toString());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String top = rs.getString(3);
                return Optional.of(new Row(imageId, Digest.parse(rs.getString(1)), rs.getLong(2),
                        top == null ? null : Digest.parse(top), names(c, "tags", imageId), names(c, "repo_digests", imageId)));
            }
        }
    }

    @Override
    public ImageRecord resolve(String name) {
        return find(name).orElseThrow(() -> NotFoundException.image(name));
    }

    Optional<ImageRecord> find(String name) {
        String text = name.startsWith("sha256:") ? name.substring(7) : name;
        if (text.length() == 64 && HEX.matcher(text).matches()) {
            Digest id = new Digest("sha256", text);
            return isDeleted(id) ? Optional.empty() : get(id);
        }
        Reference ref;
        RuntimeException invalid = null;
        try {
            ref = Reference.parse(name);
        } catch (RuntimeException e) {
            ref = null;
            invalid = e;
        }
        if (ref != null) {
            Optional<ImageRecord> found = lookup(ref);
            if (found.isPresent()) return found;
        }
        if (HEX.matcher(text).matches()) return byIdPrefix(text);
        // The parser's message keeps Docker's detail ("... repository name (library/Foo) must be lowercase").
        if (invalid != null) throw invalid;
        return Optional.empty();
    }

    @Override
    public List<Reference> tagsOf(String repository) {
        return db.read(c -> {
            List<Reference> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM tags WHERE substr(name, 1, ?) = ? ORDER BY name")) {
                s.setInt(1, repository.length() + 1);
                s.setString(2, repository + ":");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Reference r = Reference.parse(rs.getString(1));
                        if (r.repository().equals(repository)) out.add(r);
                    }
                }
            }
            return out;
        });
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
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE id LIKE ? AND deleted = 0 LIMIT 2")) {
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
        return records("SELECT id FROM images WHERE deleted = 0 ORDER BY created DESC");
    }

    /** Every image row, those kept only for containers included: what keeps layers and blobs alive. */
    List<ImageRecord> listWithRetained() {
        return records("SELECT id FROM images ORDER BY created DESC");
    }

    private List<ImageRecord> records(String sql) {
        List<Digest> ids = db.read(c -> {
            List<Digest> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) out.add(Digest.parse(rs.getString(1)));
            }
            return out;
        });
        return ids.stream().map(this::get).flatMap(Optional::stream).toList();
    }

    private boolean isDeleted(Digest imageId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT deleted FROM images WHERE id = ?")) {
                s.setString(1, imageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getInt(1) != 0;
                }
            }
        });
    }

    /**
     * Deletes the image for users (list, names, IDs no longer find it) but keeps its row, and so its layers, for the
     * stopped containers created from it: Docker deletes such an image when forced, and the containers keep working.
     */
    void retainForContainers(Digest imageId) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE images SET deleted = 1 WHERE id = ?")) {
                s.setString(1, imageId.toString());
                s.executeUpdate();
            }
        });
    }

    /** Images deleted by rmi and kept for containers that have since gone: garbage now. */
    List<Digest> retainedWithoutContainers() {
        return db.read(c -> {
            List<Digest> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM images i WHERE deleted = 1 "
                    + "AND NOT EXISTS (SELECT 1 FROM containers c WHERE c.image_id = i.id)")) {
                while (rs.next()) out.add(Digest.parse(rs.getString(1)));
            }
            return out;
        });
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

    /**
     * The parsed config. Failures are not cached: a config blob put back (a new pull of the same image) heals it.
     * Configs are small (capped at pull); one that is not is damage, not something to read into the heap.
     */
    ImageConfig config(Digest imageId) throws IOException {
        ImageConfig cached = configs.get(imageId);
        if (cached != null) return cached;
        long size = content.size(imageId).orElseThrow(() -> new IOException("its config blob is missing"));
        if (size > MAX_CONFIG_BYTES) throw new IOException("its config blob has " + size + " bytes");
        ImageConfig parsed;
        try {
            parsed = ImageConfig.parse(content.readAll(imageId));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("its config is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (berth.engine.content.DigestMismatchException e) {
            throw new IOException("its config blob does not match its digest", e);
        }
        configs.put(imageId, parsed);
        return parsed;
    }

    /** The raw config JSON, for inspect to show what the image says rather than what Berth's model keeps. */
    com.fasterxml.jackson.databind.JsonNode rawConfig(Digest imageId) {
        try {
            return berth.api.Json.mapper().readTree(content.readAll(imageId));
        } catch (IOException e) {
            throw new berth.api.errors.DataLossException("image " + imageId + " is damaged: its config cannot be read", e);
        }
    }

    /** When a tag was last set on the image by {@code tag} or an import, as Docker's Metadata.LastTagTime. */
    Optional<java.time.Instant> lastTagTime(Digest imageId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_tag_time FROM images WHERE id = ?")) {
                s.setString(1, imageId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.<java.time.Instant>empty();
                    long nanos = rs.getLong(1);
                    return rs.wasNull() ? Optional.<java.time.Instant>empty()
                            : Optional.of(java.time.Instant.ofEpochSecond(0, nanos));
                }
            }
        });
    }

    void markTagged(Digest imageId) {
        java.time.Instant now = java.time.Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE images SET last_tag_time = ? WHERE id = ?")) {
                s.setLong(1, nanos);
                s.setString(2, imageId.toString());
                s.executeUpdate();
            }
        });
    }

    private ImageRecord toRecord(Row row) {
        ImageConfig config;
        try {
            config = config(row.id);
        } catch (IOException | RuntimeException e) {
            // One damaged config must not take the others down: keep what the database knows, and the layer chain
            // from the top layer, so that rmi can still remove it with its layers.
            return new ImageRecord(row.id, row.manifest, null, chainFromTop(row.top), familiar(row.tags),
                    familiar(row.digests), row.size, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        List<Digest> chains = new ArrayList<>();
        Digest parent = null;
        for (String diffId : config.diffIds()) {
            parent = LayerStore.chainId(parent, Digest.parse(diffId));
            chains.add(parent);
        }
        return new ImageRecord(row.id, row.manifest, config, List.copyOf(chains), familiar(row.tags), familiar(row.digests),
                row.size);
    }

    private List<Digest> chainFromTop(Digest top) {
        List<Digest> chain = new ArrayList<>();
        for (Digest d = top; d != null && chain.size() < 1000; ) {
            chain.addFirst(d);
            d = layers.get(d).map(LayerStore.Layer::parent).orElse(null);
        }
        return List.copyOf(chain);
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

    private record Row(Digest id, Digest manifest, long size, Digest top, List<String> tags, List<String> digests) {}
}
