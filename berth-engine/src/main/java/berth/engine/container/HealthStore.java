package berth.engine.container;

import berth.api.Json;
import berth.api.model.Health;
import berth.engine.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Containers' health check states as inspect shows them (State.Health), kept in the container_health table after
 * every change, so that a berthd restart finds each container's status, failing streak and last results again.
 */
final class HealthStore {
    private final Database db;

    HealthStore(Database db) {
        this.db = db;
    }

    void save(String id, Health health) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(health);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("health of " + id + " cannot be written as JSON", e);
        }
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO container_health (container_id, health) "
                    + "SELECT id, ? FROM containers WHERE id = ? "
                    + "ON CONFLICT (container_id) DO UPDATE SET health = excluded.health")) {
                s.setString(1, json);
                s.setString(2, id);
                s.executeUpdate();
            }
        });
    }

    /** Every container's kept health, read once when berthd starts. */
    Map<String, Health> loadAll() {
        Map<String, String> rows = db.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT container_id, health FROM container_health");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
        Map<String, Health> out = new HashMap<>();
        rows.forEach((id, json) -> {
            try {
                out.put(id, Json.mapper().readValue(json, Health.class));
            } catch (JsonProcessingException e) {
                // unreadable: the container's next probe writes it again
            }
        });
        return out;
    }

    void delete(String id) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM container_health WHERE container_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        });
    }
}
