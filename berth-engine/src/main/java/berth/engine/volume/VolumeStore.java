package berth.engine.volume;

import berth.api.Json;
import berth.engine.store.Database;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The volumes table and the container_mounts that reference it. */
final class VolumeStore {
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private final Database db;

    VolumeStore(Database db) {
        this.db = db;
    }

    Optional<VolumeRecord> get(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<VolumeRecord>empty();
                }
            }
        });
    }

    List<VolumeRecord> list() {
        return db.read(c -> {
            List<VolumeRecord> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY created, name"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    /** Containers using each volume that has any. */
    Map<String, List<String>> users() {
        return db.read(c -> {
            Map<String, List<String>> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT DISTINCT volume, container_id FROM container_mounts WHERE volume IS NOT NULL");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
            return out;
        });
    }

    private static List<String> users(Connection c, String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT container_id FROM container_mounts WHERE volume = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Inserts the volume unless one of that name exists; true if inserted. */
    boolean insert(VolumeRecord v) {
        return db.write(c -> insert(c, v));
    }

    private static boolean insert(Connection c, VolumeRecord v) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO volumes (name, driver, created, labels,"
                + " options, anonymous) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, v.name());
            s.setString(2, v.driver());
            s.setString(3, v.created());
            s.setString(4, json(v.labels()));
            s.setString(5, json(v.options()));
            s.setInt(6, v.anonymous() ? 1 : 0);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Records a container's mounts, inserting in the same transaction the volumes they name that have no row yet
     * ({@code missing}): either the volume row is there when the reference is written, or both are written.
     */
    void attach(String containerId, List<MountSpec> specs, List<VolumeRecord> missing) {
        db.update(c -> {
            for (VolumeRecord v : missing) insert(c, v);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO container_mounts (container_id, position, volume, spec) VALUES (?, ?, ?, ?)")) {
                int position = 0;
                for (MountSpec m : specs) {
                    s.setString(1, containerId);
                    s.setInt(2, position++);
                    s.setString(3, m.isVolume() ? m.source() : null);
                    s.setString(4, Json.mapper().writeValueAsString(m));
                    s.addBatch();
                }
                s.executeBatch();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    List<MountSpec> mounts(String containerId) {
        return db.read(c -> {
            List<MountSpec> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT spec FROM container_mounts WHERE container_id = ? ORDER BY position")) {
                s.setString(1, containerId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) out.add(Json.mapper().readValue(rs.getString(1), MountSpec.class));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("damaged mount of container " + containerId + ": " + e.getMessage(), e);
            }
            return out;
        });
    }

    /** Deletes the row if no container uses the volume; else returns the containers that do (nothing deleted). */
    List<String> deleteIfUnused(String name) {
        return db.write(c -> {
            List<String> users = users(c, name);
            if (!users.isEmpty()) return users;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM volumes WHERE name = ?")) {
                s.setString(1, name);
                s.executeUpdate();
            }
            return List.of();
        });
    }

    private static final String SELECT = "SELECT name, driver, created, labels, options, anonymous FROM volumes";

    private static VolumeRecord row(ResultSet rs) throws SQLException {
        return new VolumeRecord(rs.getString(1), rs.getString(2), rs.getString(3), map(rs.getString(4)),
                map(rs.getString(5)), rs.getInt(6) != 0);
    }

    private static Map<String, String> map(String json) throws SQLException {
        try {
            return new LinkedHashMap<>(Json.mapper().readValue(json, STRINGS));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("damaged volume row: " + e.getMessage(), e);
        }
    }

    private static String json(Map<String, String> m) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(m == null ? Map.of() : m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
    }
}
