package berth.engine.container;

import berth.api.Json;
import berth.api.model.Health;
import berth.engine.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

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

    Optional<Health> load(String id) {
        String json = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT health FROM container_health WHERE container_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        if (json == null) return Optional.empty();
        try {
            return Optional.of(Json.mapper().readValue(json, Health.class));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // unreadable: the next probe writes it again
        }
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
