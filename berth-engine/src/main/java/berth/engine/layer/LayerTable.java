package berth.engine.layer;

import berth.engine.content.Digest;
import berth.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code layers} table. A row is 'creating' from before its directory exists until it is verified; while the
 * diff ID is unknown (imports) its key is a placeholder, {@code creating:<dir>}, replaced when it turns 'ready'.
 * Each method is one short transaction; no file I/O happens inside one.
 */
final class LayerTable {
    private static final String COLUMNS = "chain_id, diff_id, parent, dir, size, created";

    private final Database db;

    LayerTable(Database db) {
        this.db = db;
    }

    record Row(Digest chainId, Digest diffId, Digest parent, String dir, long size, long createdSeconds) {}

    static String placeholder(String dir) {
        return "creating:" + dir;
    }

    Optional<Row> ready(Digest chainId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM layers WHERE chain_id = ? AND state = 'ready'")) {
                s.setString(1, chainId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
                }
            }
        });
    }

    List<Row> allReady() {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM layers WHERE state = 'ready'");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) rows.add(row(rs));
            }
            return rows;
        });
    }

    void insertCreating(String key, Digest diffId, Digest parent, String dir) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO layers (chain_id, diff_id, parent, dir, size, "
                    + "state, created) VALUES (?, ?, ?, ?, 0, 'creating', ?)")) {
                s.setString(1, key);
                s.setString(2, diffId == null ? "" : diffId.toString());
                s.setString(3, parent == null ? null : parent.toString());
                s.setString(4, dir);
                s.setLong(5, System.currentTimeMillis() / 1000);
                s.executeUpdate();
            }
        });
    }

    void markReady(String dir, Digest chainId, Digest diffId, Digest parent, long size) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE layers SET chain_id = ?, diff_id = ?, parent = ?, size = ?, state = 'ready' WHERE dir = ?")) {
                s.setString(1, chainId.toString());
                s.setString(2, diffId.toString());
                s.setString(3, parent == null ? null : parent.toString());
                s.setLong(4, size);
                s.setString(5, dir);
                if (s.executeUpdate() != 1) throw new SQLException("layer row for directory " + dir + " vanished");
            }
        });
    }

    void deleteByDir(String dir) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM layers WHERE dir = ?")) {
                s.setString(1, dir);
                s.executeUpdate();
            }
        });
    }

    /** Marks a layer as just created again: a caller that found it present is about to reference it. */
    void touch(Digest chainId) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE layers SET created = ? WHERE chain_id = ?")) {
                s.setLong(1, System.currentTimeMillis() / 1000);
                s.setString(2, chainId.toString());
                s.executeUpdate();
            }
        });
    }

    record ChainDir(Digest chainId, String dir) {}

    /**
     * The directories of a ready chain, top-most first, in one recursive query; empty when the chain, or any layer
     * below it, is not ready.
     */
    List<ChainDir> chainDirs(Digest chainId) {
        return db.read(c -> {
            List<ChainDir> dirs = new ArrayList<>();
            String lastParent = null;
            try (PreparedStatement s = c.prepareStatement("""
                    WITH RECURSIVE chain(parent, dir, id, depth) AS (
                      SELECT parent, dir, chain_id, 0 FROM layers WHERE chain_id = ? AND state = 'ready'
                      UNION ALL
                      SELECT l.parent, l.dir, l.chain_id, chain.depth + 1 FROM layers l JOIN chain ON l.chain_id = chain.parent
                      WHERE l.state = 'ready')
                    SELECT parent, dir, id FROM chain ORDER BY depth""")) {
                s.setString(1, chainId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lastParent = rs.getString(1);
                        dirs.add(new ChainDir(Digest.parse(rs.getString(3)), rs.getString(2)));
                    }
                }
            }
            return lastParent == null ? dirs : List.<ChainDir>of();
        });
    }

    /** Deletes a ready row and returns its directory; empty when there was none. */
    Optional<String> delete(Digest chainId) {
        return db.write(c -> {
            String dir;
            try (PreparedStatement s = c.prepareStatement("SELECT dir FROM layers WHERE chain_id = ? AND state = 'ready'")) {
                s.setString(1, chainId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.<String>empty();
                    dir = rs.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM layers WHERE chain_id = ?")) {
                s.setString(1, chainId.toString());
                s.executeUpdate();
            }
            return Optional.of(dir);
        });
    }

    boolean hasChildren(Digest chainId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM layers WHERE parent = ? LIMIT 1")) {
                s.setString(1, chainId.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Directories of 'creating' rows, deleting those rows: start-up recovery. */
    List<String> removeCreating() {
        return db.write(c -> {
            List<String> dirs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT dir FROM layers WHERE state = 'creating'");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) dirs.add(rs.getString(1));
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM layers WHERE state = 'creating'")) {
                s.executeUpdate();
            }
            return dirs;
        });
    }

    Set<String> dirs() {
        return db.read(c -> {
            Set<String> dirs = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT dir FROM layers"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) dirs.add(rs.getString(1));
            }
            return dirs;
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        String parent = rs.getString(3);
        return new Row(Digest.parse(rs.getString(1)), Digest.parse(rs.getString(2)),
                parent == null ? null : Digest.parse(parent), rs.getString(4), rs.getLong(5), rs.getLong(6));
    }
}
