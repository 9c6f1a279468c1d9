package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image made locally (by import) survives push and pull unchanged: another engine pulling it gets the same image
 * ID, and a third-party client (skopeo) can read what was pushed. Skipped where docker-registry or skopeo is missing.
 */
class RegistryRoundTripTest {
    private static LocalRegistry registry;

    @TempDir
    Path source;
    @TempDir
    Path target;

    @BeforeAll
    static void startRegistry(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY) && Files.isExecutable(Path.of("/usr/bin/skopeo")));
        registry = LocalRegistry.start(dir);
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) registry.close();
    }

    @Test
    void importedImagePushedAndPulledIntoFreshStoresKeepsItsId() throws Exception {
        String name = registry.host() + "/t/img";
        List<ProgressMessage> pushed = new ArrayList<>();
        String id;
        try (Engine local = Engine.open(source)) {
            id = local.images.importImage(new ByteArrayInputStream(tar("hello.txt")), name, "1", List.of("CMD [\"sh\"]"),
                    null, m -> {});
            local.distribution.push(name, "1", pushed::add);
        }
        assertThat(pushed.getFirst().status()).isEqualTo("The push refers to repository [" + name + "]");
        assertThat(pushed).extracting(ProgressMessage::status).contains("Pushed");

        LocalRegistry.skopeo("inspect", "--tls-verify=false", "docker://" + name + ":1");

        List<ProgressMessage> pulled = new ArrayList<>();
        try (Engine fresh = Engine.open(target)) {
            fresh.distribution.pull(name, "1", pulled::add);
            assertThat(fresh.store.resolve(name + ":1").id().toString()).isEqualTo(id);
        }
        assertThat(pulled.getFirst().status()).isEqualTo("Pulling from t/img");
        assertThat(pulled.getLast().status()).isEqualTo("Status: Downloaded newer image for " + name + ":1");
    }

    /** The stores of one engine in {@code root}, as the daemon wires them. */
    private record Engine(Database db, ImageStore store, ImageService images, DistributionService distribution)
            implements AutoCloseable {
        static Engine open(Path root) throws IOException {
            Database db = Database.open(root.resolve("berth.db"));
            ContentStore content = ContentStore.open(root);
            LayerStore layers = LayerStore.open(root, db);
            EventService events = EventService.create();
            ImageStore store = ImageStore.open(db, content, layers, events);
            return new Engine(db, store, ImageService.create(db, content, layers, store, events),
                    DistributionService.create(content, layers, store, events, Set.of()));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private static byte[] tar(String file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = ("content of " + file).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(file);
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
