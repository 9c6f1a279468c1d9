package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
    @TempDir
    Path root;
    private Database db;
    private ContentStore content;
    private ImageService images;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        content = ContentStore.open(root);
        LayerStore layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        ImageStore store = ImageStore.open(db, content, layers, events);
        images = ImageService.create(db, content, layers, store, events);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String importImage(String repo, String file, boolean gzip) throws IOException {
        List<ProgressMessage> progress = new ArrayList<>();
        String id = images.importImage(new ByteArrayInputStream(tar(file, gzip)), repo, null, List.of("CMD [\"sh\"]"), null,
                progress::add);
        assertThat(progress).extracting(ProgressMessage::status).containsExactly(id);
        return id;
    }

    @Test
    void importedImageIsListedUnderItsTag() throws IOException {
        String id = importImage("busybox", "hello.txt", false);
        assertThat(images.list(new ImageService.ImageListOptions(false, Map.of())))
                .singleElement().satisfies(s -> {
                    assertThat(s.id()).isEqualTo(id);
                    assertThat(s.repoTags()).containsExactly("busybox:latest");
                    assertThat(s.size()).isPositive();
                });
    }

    @Test
    void importAcceptsGzipCompressedTarballs() throws IOException {
        String id = importImage("gz:1", "a", true);
        assertThat(images.inspect("gz:1").id()).isEqualTo(id);
    }

    @Test
    void importedImageIsStoredLikeAPulledOneWithManifestConfigAndLayerBlob() throws IOException {
        importImage("busybox", "hello.txt", false);
        ImageRecord image = images.resolve("busybox");
        var manifest = berth.api.Json.mapper().readTree(content.readAll(image.manifestDigest()));
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(image.id().toString());
        String layerBlob = manifest.path("layers").get(0).path("digest").asText();
        assertThat(content.exists(berth.engine.content.Digest.parse(layerBlob))).isTrue();
        assertThat(image.config().configOrEmpty().cmd()).containsExactly("sh");
    }

    @Test
    void inspectFindsAnImageByIdPrefixAndByReference() throws IOException {
        String id = importImage("docker.io/library/busybox:latest", "x", false);
        assertThat(images.inspect(id.substring(7, 19)).id()).isEqualTo(id);
        assertThat(images.inspect("busybox").repoTags()).containsExactly("busybox:latest");
        assertThat(images.inspect(id).rootFS().layers()).hasSize(1);
    }

    @Test
    void unknownImageIsNotFoundWithDockersMessage() {
        assertThatThrownBy(() -> images.inspect("busybox:lates"))
                .isInstanceOf(NotFoundException.class).hasMessage("No such image: busybox:lates");
    }

    @Test
    void removingOneOfTwoTagsOnlyUntags() throws IOException {
        importImage("busybox", "x", false);
        images.tag("busybox", "127.0.0.1:5000/it/busybox", "1");
        List<ImageDeleteItem> out = images.remove("127.0.0.1:5000/it/busybox:1", false, false);
        assertThat(out).containsExactly(ImageDeleteItem.untagged("127.0.0.1:5000/it/busybox:1"));
        assertThat(images.inspect("busybox").repoTags()).containsExactly("busybox:latest");
    }

    @Test
    void removingTheLastTagUntagsThenDeletesImageAndLayers() throws IOException {
        String id = importImage("busybox", "x", false);
        List<ImageDeleteItem> out = images.remove("busybox", false, false);
        assertThat(out.getFirst()).isEqualTo(ImageDeleteItem.untagged("busybox:latest"));
        assertThat(out.get(1)).isEqualTo(ImageDeleteItem.deleted(id));
        assertThat(images.list(new ImageService.ImageListOptions(true, Map.of()))).isEmpty();
        try (var blobs = Files.list(root.resolve("content/blobs/sha256"))) {
            assertThat(blobs).isEmpty();
        }
    }

    @Test
    void anImageAContainerUsesIsNotRemovedWithoutForce() throws IOException {
        String id = importImage("busybox", "x", false);
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO containers(id, name, image_id, created, config) VALUES (?, 'c', ?, 0, '{}')")) {
                s.setString(1, "a".repeat(64));
                s.setString(2, id);
                s.executeUpdate();
            }
        });
        assertThatThrownBy(() -> images.remove("busybox", false, false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to remove repository reference \"busybox\" (must force) - container aaaaaaaaaaaa"
                        + " is using its referenced image " + id.substring(7, 19));
        // Forced, it goes as in Docker: untagged, then deleted (kept out of sight for the stopped container).
        assertThat(images.remove("busybox", true, false))
                .containsExactly(ImageDeleteItem.untagged("busybox:latest"), ImageDeleteItem.deleted(id));
        assertThatThrownBy(() -> images.inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void referenceFilterShowsOnlyMatchingTags() throws IOException {
        importImage("busybox", "x", false);
        images.tag("busybox", "other", "2");
        List<ImageSummary> list = images.list(new ImageService.ImageListOptions(false, Map.of("reference", List.of("other"))));
        assertThat(list).singleElement().satisfies(s -> assertThat(s.repoTags()).containsExactly("other:2"));
    }

    @Test
    void historyListsTheImportAsOneLayerWithTheImageIdOnTop() throws IOException {
        String id = importImage("busybox", "x", false);
        assertThat(images.history("busybox")).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(id);
            assertThat(h.comment()).isEqualTo("Imported from -");
            assertThat(h.tags()).containsExactly("busybox:latest");
        });
    }

    private static byte[] tar(String file, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = gzip ? new GZIPOutputStream(bytes) : bytes; var tar = new TarArchiveOutputStream(out)) {
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
