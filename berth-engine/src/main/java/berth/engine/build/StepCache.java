package berth.engine.build;

import berth.api.Json;
import berth.engine.content.Digest;
import berth.engine.store.Database;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The step cache, in the {@code build_cache} table: a step's key to the image the step produced. Rows survive a
 * restart; garbage collection keeps what they name. A {@code slot} names a step of a Dockerfile independent of what
 * it read (stage, position, instruction as written), so that a miss can be compared with the last build of the same
 * step ({@code --explain}).
 */
final class StepCache {
    private final Database db;

    StepCache(Database db) {
        this.db = db;
    }

    /** What a step read, for telling why it missed: its instruction after substitution, args it used, file digests. */
    record Inputs(@JsonProperty("instruction") String instruction, @JsonProperty("args") Map<String, String> args,
                  @JsonProperty("files") Map<String, String> files) {
        Inputs {
            args = args == null ? Map.of() : args;
            files = files == null ? Map.of() : files;
        }
    }

    record Entry(String key, String slot, Digest parent, Digest imageId, Digest manifest, Digest topLayer,
                 Inputs inputs) {}

    /**
     * The entry for {@code key}; a read only (hits are marked used together, by {@link #touch}). Its inputs are left
     * out (empty): a hit does not need them, and a COPY's list thousands of files, which parsing costs a cached build
     * milliseconds per step.
     */
    Optional<Entry> lookup(String key) {
        return db.read(c -> one(c, "SELECT key, slot, parent, image_id, manifest_digest, top_layer, NULL AS inputs "
                + "FROM build_cache WHERE key = ?", key));
    }

    /** Marks entries used now, in one transaction (one fsync for a whole build's hits). */
    void touch(java.util.Collection<String> keys) {
        if (keys.isEmpty()) return;
        long now = System.currentTimeMillis();
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE build_cache SET last_used = ? WHERE key = ?")) {
                for (String k : keys) {
                    s.setLong(1, now);
                    s.setString(2, k);
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    /** The most recently used entry of a slot: the last build of this step. */
    Optional<Entry> lastInSlot(String slot) {
        return db.read(c -> one(c, "SELECT * FROM build_cache WHERE slot = ? ORDER BY last_used DESC LIMIT 1", slot));
    }

    void put(Entry e) {
        long now = System.currentTimeMillis();
        String inputs;
        try {
            inputs = Json.mapper().writeValueAsString(e.inputs());
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO build_cache(key, slot, parent, image_id, "
                    + "manifest_digest, top_layer, inputs, created, last_used) VALUES (?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, e.key());
                s.setString(2, e.slot());
                s.setString(3, e.parent() == null ? "" : e.parent().toString());
                s.setString(4, e.imageId().toString());
                s.setString(5, e.manifest().toString());
                s.setString(6, e.topLayer() == null ? null : e.topLayer().toString());
                s.setString(7, inputs);
                s.setLong(8, now);
                s.setLong(9, now);
                s.executeUpdate();
            }
        });
    }

    /** An entry as {@code system df} lists it. */
    record Row(String key, Digest parent, Digest imageId, Digest topLayer, String instruction, long created, long lastUsed) {}

    /** Every entry, oldest first. */
    List<Row> rows() {
        return db.read(c -> {
            List<Row> out = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT key, parent, image_id, top_layer, inputs, created, last_used FROM build_cache ORDER BY created, key")) {
                while (rs.next()) {
                    String parent = rs.getString(2);
                    String top = rs.getString(4);
                    String instruction;
                    try {
                        instruction = Json.mapper().readValue(rs.getString(5), Inputs.class).instruction();
                    } catch (IOException e) {
                        instruction = "";
                    }
                    out.add(new Row(rs.getString(1), parent == null || parent.isEmpty() ? null : Digest.parse(parent),
                            Digest.parse(rs.getString(3)), top == null ? null : Digest.parse(top), instruction,
                            rs.getLong(6), rs.getLong(7)));
                }
            }
            return out;
        });
    }

    /** The top layers of the images in the store: a cached step whose layer is among them shares it. */
    java.util.Set<Digest> imageTopLayers() {
        return db.read(c -> {
            java.util.Set<Digest> out = new java.util.HashSet<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT top_layer FROM images WHERE top_layer IS NOT NULL")) {
                while (rs.next()) out.add(Digest.parse(rs.getString(1)));
            }
            return out;
        });
    }

    /** The keys of every entry. */
    List<String> keys() {
        return rows().stream().map(Row::key).toList();
    }

    /** Deletes every entry; returns the keys deleted. */
    List<String> clear() {
        return db.write(c -> {
            List<String> keys = new ArrayList<>();
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key FROM build_cache")) {
                while (rs.next()) keys.add(rs.getString(1));
            }
            try (var s = c.createStatement()) {
                s.executeUpdate("DELETE FROM build_cache");
            }
            return keys;
        });
    }

    int size() {
        return db.read(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM build_cache")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private static Optional<Entry> one(java.sql.Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String parent = rs.getString("parent");
                String top = rs.getString("top_layer");
                Inputs inputs;
                String json = rs.getString("inputs");
                try {
                    inputs = json == null ? new Inputs("", Map.of(), Map.of()) : Json.mapper().readValue(json, Inputs.class);
                } catch (IOException e) {
                    inputs = new Inputs("", Map.of(), Map.of());
                }
                return Optional.of(new Entry(rs.getString("key"), rs.getString("slot"),
                        parent.isEmpty() ? null : Digest.parse(parent), Digest.parse(rs.getString("image_id")),
                        Digest.parse(rs.getString("manifest_digest")), top == null ? null : Digest.parse(top), inputs));
            }
        }
    }
}
