package berth.engine.container;

import berth.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Whether a container's last run was stopped by a client (stop, or kill with SIGKILL or its stop signal) rather than
 * ending by itself: the unless-stopped policy does not start such a container when berthd starts again. Kept in
 * container_state, so that it survives berthd.
 */
final class StopMarks {
    private final Database db;

    StopMarks(Database db) {
        this.db = db;
    }

    void set(String id, boolean stoppedByUser) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE container_state SET stopped_by_user = ? WHERE id = ?")) {
                s.setInt(1, stoppedByUser ? 1 : 0);
                s.setString(2, id);
                s.executeUpdate();
            }
        });
    }

    boolean stoppedByUser(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT stopped_by_user FROM container_state WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getInt(1) != 0;
                }
            }
        });
    }
}
