package berth.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void migrationsBringAFreshDatabaseToTheLatestVersion() throws Exception {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            int version = db.read(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
                    return rs.getInt(1);
                }
            });
            assertThat(version).isEqualTo(Schema.MIGRATIONS.size());
        }
    }

    @Test
    void commitsAreDurableAcrossPowerLossNotOnlyAcrossACrash() throws Exception {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            int synchronous = db.read(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA synchronous")) {
                    return rs.getInt(1);
                }
            });
            assertThat(synchronous).as("2 = FULL: the WAL is fsync'd at every commit").isEqualTo(2);
        }
    }

    @Test
    void aDatabaseFromANewerBerthIsRefused() throws Exception {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            db.update(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = 99");
                }
            });
        }
        assertThatThrownBy(() -> Database.open(dir.resolve("berth.db"))).hasMessageContaining("newer than this berthd");
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws Exception {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            assertThatThrownBy(() -> db.update(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO layers(chain_id, diff_id, dir, state, created) VALUES ('a', 'a', 'd', 'ready', 0)");
                    s.execute("INSERT INTO layers(chain_id, diff_id, dir, state, created) VALUES ('b', 'b', 'd', 'ready', 0)");
                }
            })).isInstanceOf(Database.StoreException.class);
            int rows = db.read(c -> {
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM layers")) {
                    return rs.getInt(1);
                }
            });
            assertThat(rows).isZero();
        }
    }

    @Test
    void statusOutsideTheClosedSetIsRejectedByTheSchema() throws Exception {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            assertThatThrownBy(() -> db.update(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO layers(chain_id, diff_id, dir, state, created) VALUES ('a', 'a', 'd', 'half', 0)");
                }
            })).isInstanceOf(Database.StoreException.class);
        }
    }
}
