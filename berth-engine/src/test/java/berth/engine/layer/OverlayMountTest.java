package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.Digest;
import berth.engine.store.Database;
import berth.engine.sys.Mounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registered layers as overlay lower dirs: whiteouts and opaque directories hide the lower layer's entries. Root only. */
class OverlayMountTest {
    @TempDir
    Path dataRoot;

    @Test
    void mergedViewHonoursWhiteoutsAndOpaqueDirectories() throws IOException {
        byte[] lower = new TarBuilder().file("etc/passwd", "root").file("etc/group", "g").file("opt/old", "o").build();
        byte[] upper = new TarBuilder().file("etc/.wh.passwd", "").dir("opt").file("opt/.wh..wh..opq", "")
                .file("opt/new", "n").build();
        try (Database db = Database.open(dataRoot.resolve("berth.db"))) {
            LayerStore store = LayerStore.open(dataRoot, db);
            LayerStore.Layer base = store.register(null, Digest.sha256(lower), new ByteArrayInputStream(lower));
            LayerStore.Layer top = store.register(base.chainId(), null, new ByteArrayInputStream(upper));
            Path upperDir = Files.createDirectory(dataRoot.resolve("upper"));
            Path work = Files.createDirectory(dataRoot.resolve("work"));
            Path merged = Files.createDirectory(dataRoot.resolve("merged"));
            Mounts.overlay(store.lowerDirs(top.chainId()), upperDir, work, merged);
            try {
                assertThat(merged.resolve("etc/passwd")).doesNotExist();
                assertThat(merged.resolve("etc/group")).hasContent("g");
                assertThat(merged.resolve("opt/old")).doesNotExist();
                assertThat(merged.resolve("opt/new")).hasContent("n");
            } finally {
                Mounts.unmount(merged);
            }
        }
    }
}
