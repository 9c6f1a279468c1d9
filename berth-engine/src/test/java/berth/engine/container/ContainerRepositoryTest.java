package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container rows in a real SQLite database (no root needed). */
class ContainerRepositoryTest {
    private static final String ID = "a1".repeat(32);
    private static final String BOOT = "b0b0b0b0-0000-4000-8000-000000000001";

    @TempDir
    Path dir;
    private Database db;
    private ContainerRepository repo;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("berth.db"));
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO images(id, manifest_digest, top_layer, size, created) VALUES (?, '', NULL, 0, 0)")) {
                s.setString(1, "sha256:" + "e".repeat(64));
                s.executeUpdate();
            }
        });
        repo = new ContainerRepository(db);
        repo.insert(Rows.row(ID, "web", Map.of(), Rows.created(), "sleep", List.of("60")).record());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void runIdentityIsStoredAndReadBack() {
        RuntimeState running = repo.get(ID).orElseThrow().state().running(4242, 987654, BOOT, "2026-12-01T10:00:00Z");
        repo.updateState(ID, running);
        RuntimeState read = repo.get(ID).orElseThrow().state();
        assertThat(read).isEqualTo(running);
        assertThat(read.generation()).isEqualTo(1);
    }

    @Test
    void updateForAnEarlierRunIsNotWritten() {
        RuntimeState first = repo.get(ID).orElseThrow().state().running(100, 5000, BOOT, "t0");
        repo.updateState(ID, first);
        RuntimeState second = first.exited(0, "t1", false, "").running(200, 6000, BOOT, "t2");
        repo.updateState(ID, second);
        boolean written = repo.updateRun(ID, first.generation(), first.exited(137, "t3", false, ""));
        assertThat(written).isFalse();
        assertThat(repo.get(ID).orElseThrow().state()).isEqualTo(second);
        assertThat(repo.updateRun(ID, second.generation(), second.exited(0, "t4", false, ""))).isTrue();
        assertThat(repo.get(ID).orElseThrow().state().isRunning()).isFalse();
    }
}
