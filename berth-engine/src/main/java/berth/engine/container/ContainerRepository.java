package berth.engine.container;

import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.engine.store.Database;
import berth.engine.store.Memo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The containers (creation data, JSON) and container_state (mutable, a few columns) rows. */
final class ContainerRepository {
    private final Database db;

    ContainerRepository(Database db) {
        this.db = db;
    }

    record Row(ContainerRecord record, RuntimeState state) {}

    void insert(ContainerRecord r) {
        try {
            db.update(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO containers(id, name, image_id, created, config) VALUES (?,?,?,?,?)")) {
                    s.setString(1, r.id());
                    s.setString(2, r.name());
                    s.setString(3, r.imageId());
                    s.setLong(4, System.currentTimeMillis());
                    s.setString(5, json(r));
                    s.executeUpdate();
                }
                writeState(c, r.id(), RuntimeState.creating(), true);
            });
        } catch (Database.StoreException e) {
            if (e.getMessage().contains("UNIQUE") && e.getMessage().contains("name")) throw nameInUse(r.name());
            throw e;
        }
    }

    /** Gives the container another name (the column and the stored record); a taken name is Docker's conflict. */
    void rename(String id, String newName) {
        ContainerRecord r = get(id).orElseThrow(() -> NotFoundException.container(id)).record();
        try {
            db.update(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE containers SET name = ?, config = ? WHERE id = ?")) {
                    s.setString(1, newName);
                    s.setString(2, json(r.withName(newName)));
                    s.setString(3, id);
                    s.executeUpdate();
                }
            });
        } catch (Database.StoreException e) {
            if (e.getMessage().contains("UNIQUE") && e.getMessage().contains("name")) throw nameInUse(newName);
            throw e;
        }
    }

    private ConflictException nameInUse(String name) {
        String other = findIdByName(name).orElse("");
        return new ConflictException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                + other + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }

    void updateState(String id, RuntimeState state) {
        db.update(c -> writeState(c, id, state, false));
    }

    /**
     * Writes {@code state} only if the row still holds run {@code generation}: a notice about an earlier run never
     * overwrites a later one. Returns whether the row was written.
     */
    boolean updateRun(String id, long generation, RuntimeState state) {
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT generation FROM container_state WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != generation) return false;
                }
            }
            writeState(c, id, state, false);
            return true;
        });
    }

    /** Replaces the stored configuration (docker update changes the host config's limits). */
    void updateRecord(ContainerRecord r) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE containers SET config = ? WHERE id = ?")) {
                s.setString(1, json(r));
                s.setString(2, r.id());
                s.executeUpdate();
            }
        });
    }

    void delete(String id) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM containers WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        });
    }

    Optional<Row> get(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE c.id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
                }
            }
        });
    }

    /** Docker's lookup order: full ID, exact name, then a unique ID prefix. */
    Row resolve(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) throw new InvalidArgumentException("container name or ID is empty");
        String name = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        // a full ID is 64 hex digits: anything else (a name, most often) need not be looked up as one
        Optional<Row> byId = name.length() == 64 ? get(name) : Optional.empty();
        if (byId.isPresent()) return byId.get();
        Optional<String> byName = findIdByName(name);
        if (byName.isPresent()) return get(byName.get()).orElseThrow(() -> NotFoundException.container(nameOrId));
        if (name.matches("[a-f0-9]+")) {
            List<String> ids = db.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT id FROM containers WHERE id LIKE ? LIMIT 2")) {
                    s.setString(1, name + "%");
                    List<String> out = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) out.add(rs.getString(1));
                    }
                    return out;
                }
            });
            if (ids.size() > 1) {
                throw new InvalidArgumentException("multiple IDs found with provided prefix: " + name);
            }
            if (ids.size() == 1) return get(ids.getFirst()).orElseThrow(() -> NotFoundException.container(nameOrId));
        }
        throw NotFoundException.container(nameOrId);
    }

    List<Row> list() {
        return db.read(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY c.created DESC");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    /** One container's run as the stats history needs it. */
    record RunSummary(String id, boolean running, int pid, long generation) {}

    /** Every container with its status and run, without reading their configs (the stats history's rounds). */
    List<RunSummary> runs() {
        return db.read(c -> {
            List<RunSummary> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, status, pid, generation FROM container_state");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunSummary(rs.getString(1), ContainerStatus.of(rs.getString(2)) == ContainerStatus.RUNNING,
                            rs.getInt(3), rs.getLong(4)));
                }
            }
            return out;
        });
    }

    private Optional<String> findIdByName(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM containers WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static final String SELECT = "SELECT c.config, s.status, s.pid, s.exit_code, s.started_at, s.finished_at, "
            + "s.oom_killed, s.error, s.restart_count, s.generation, s.pid_start, s.boot_id FROM containers c JOIN container_state s ON s.id = c.id";

    /** Container configs as stored; each inspect and exec reads its container's. */
    private static final Memo<ContainerRecord> RECORDS = new Memo<>(64, text -> {
        try {
            return Json.mapper().readValue(text, ContainerRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private static Row row(ResultSet rs) throws SQLException {
        ContainerRecord r = RECORDS.get(rs.getString(1));
        RuntimeState st = new RuntimeState(ContainerStatus.of(rs.getString(2)), rs.getInt(3), rs.getInt(4),
                rs.getString(5), rs.getString(6), rs.getInt(7) != 0, rs.getString(8), rs.getInt(9), rs.getLong(10),
                rs.getLong(11), rs.getString(12));
        return new Row(r, st);
    }

    private static void writeState(Connection c, String id, RuntimeState st, boolean insert) throws SQLException {
        String sql = insert
                ? "INSERT INTO container_state(status, pid, exit_code, started_at, finished_at, oom_killed, error, restart_count, "
                        + "generation, pid_start, boot_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                : "UPDATE container_state SET status=?, pid=?, exit_code=?, started_at=?, finished_at=?, oom_killed=?, error=?, "
                        + "restart_count=?, generation=?, pid_start=?, boot_id=? WHERE id=?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, st.status().sql());
            s.setInt(2, st.pid());
            s.setInt(3, Math.max(-1, Math.min(255, st.exitCode())));
            s.setString(4, st.startedAt());
            s.setString(5, st.finishedAt());
            s.setInt(6, st.oomKilled() ? 1 : 0);
            s.setString(7, st.error() == null ? "" : st.error());
            s.setInt(8, st.restartCount());
            s.setLong(9, st.generation());
            s.setLong(10, st.pidStart());
            s.setString(11, st.bootId() == null ? "" : st.bootId());
            s.setString(12, id);
            s.executeUpdate();
        }
    }

    private static String json(ContainerRecord r) {
        try {
            return Json.mapper().writeValueAsString(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
