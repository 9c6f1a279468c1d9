package berth.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration 3 adds a run's identity to container_state and keeps the rows an older berthd wrote. */
class RunIdentityMigrationTest {
    @TempDir
    Path dir;

    @Test
    void containerRowsOfSchemaOneGainAnEmptyRunIdentity() throws Exception {
        Path file = dir.resolve("berth.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String stmt : Schema.MIGRATIONS.getFirst().split(";\\s*\\n")) {
                if (!stmt.isBlank()) s.execute(stmt);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO images VALUES ('sha256:" + "e".repeat(64) + "', '', NULL, 0, 0)");
            s.execute("INSERT INTO containers VALUES ('c1', 'web', 'sha256:" + "e".repeat(64) + "', 0, '{}')");
            s.execute("INSERT INTO container_state(id, status, pid) VALUES ('c1', 'running', 4242)");
        }
        try (Database db = Database.open(file)) {
            String row = db.read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT status, pid, generation, pid_start, boot_id FROM container_state")) {
                    rs.next();
                    return rs.getString(1) + " " + rs.getInt(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " ["
                            + rs.getString(5) + "]";
                }
            });
            assertThat(row).isEqualTo("running 4242 0 0 []");
        }
    }
}
