package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker.io pulls go to the mirrors in order: one that cannot answer is passed over for the next. */
class MirrorFallbackTest {
    @TempDir
    Path root;
    @TempDir
    Path layoutDir;

    @Test
    void aMirrorThatIsDownIsPassedOverForTheNextOne() throws IOException {
        OciLayout layout = new OciLayout(layoutDir);
        OciLayout.Blob manifest = layout.image("amd64", "a.txt");
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: nothing listens there
        }
        try (Database db = Database.open(root.resolve("berth.db"))) {
            FakeRegistry live = new FakeRegistry(layoutDir);
            live.tag("1", manifest.digest());
            ContentStore content = ContentStore.open(root);
            LayerStore layers = LayerStore.open(root, db);
            ImageStore images = ImageStore.open(db, content, layers, EventService.create());
            RegistryConfig config = new RegistryConfig(Set.of(), RegistryConfig.Timeouts.DEFAULT,
                    List.of(URI.create("http://127.0.0.1:" + deadPort + "/"), URI.create("http://" + live.host() + "/")), null, null);

            DistributionService.create(content, layers, images, EventService.create(), config).pull("mirrored/app", "1", m -> {});

            assertThat(images.lookup(Reference.parse("mirrored/app:1"))).isPresent();
            assertThat(Reference.parse("mirrored/app:1").domain()).isEqualTo(Reference.DEFAULT_DOMAIN);
            live.close();
        }
    }
}
