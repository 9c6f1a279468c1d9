package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.ApiVersion;
import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageSummary;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rmi's rules (moby's image_delete.go), image inspect's shape per API version, list filters, damaged images. */
class ImageRulesTest {
    @TempDir
    Path root;
    private Database db;
    private LayerStore layers;
    private SqliteImageStore store;
    private ImageService images;
    private int containers;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        ContentStore content = ContentStore.open(root);
        layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        store = (SqliteImageStore) ImageStore.open(db, content, layers, events);
        images = ImageService.create(db, content, layers, store, events);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String importImage(String repo, String file) throws IOException {
        return images.importImage(new ByteArrayInputStream(tar(file)), repo, null, List.of("CMD [\"sh\"]"), null, m -> {});
    }

    /** A container row (and its state) using the image, as the container package writes them. */
    private String container(String imageId, boolean running) {
        String id = String.valueOf((char) ('a' + containers++)).repeat(64);
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO containers(id, name, image_id, created, config) VALUES (?, ?, ?, 0, '{}')")) {
                s.setString(1, id);
                s.setString(2, "c" + containers);
                s.setString(3, imageId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO container_state(id, status) VALUES (?, ?)")) {
                s.setString(1, id);
                s.setString(2, running ? "running" : "exited");
                s.executeUpdate();
            }
        });
        return id;
    }

    private void dropContainer(String id) {
        db.update(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM containers WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        });
    }

    private List<ImageSummary> list(Map<String, List<String>> filters) {
        return images.list(new ImageService.ImageListOptions(false, filters));
    }

    @Test
    void forcedRemovalByIdOfAnImageARunningContainerUsesIsRefused() throws IOException {
        String id = importImage("app", "x");
        String running = container(id, true);

        assertThatThrownBy(() -> images.remove(id.substring(7, 19), true, false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to delete " + id.substring(7, 19) + " (cannot be forced) - image is being used"
                        + " by running container " + running.substring(0, 12));
        assertThat(images.inspect("app").id()).isEqualTo(id);
    }

    @Test
    void forcedRemovalByNameOfAnImageARunningContainerUsesOnlyUntagsIt() throws IOException {
        String id = importImage("app", "x");
        container(id, true);

        assertThat(images.remove("app", true, false)).containsExactly(ImageDeleteItem.untagged("app:latest"));
        assertThat(images.inspect(id).repoTags()).isEmpty();
    }

    @Test
    void forcedRemovalOfAnImageOnlyStoppedContainersUseDeletesIt() throws IOException {
        String id = importImage("app", "x");
        container(id, false);

        assertThat(images.remove(id, true, false))
                .containsExactly(ImageDeleteItem.untagged("app:latest"), ImageDeleteItem.deleted(id));
        assertThat(list(Map.of())).isEmpty();
        assertThatThrownBy(() -> images.inspect(id)).isInstanceOf(NotFoundException.class);
        // The stopped container can still start: its image's layers are kept for it.
        ImageRecord kept = store.get(Digest.parse(id)).orElseThrow();
        assertThat(layers.lowerDirs(kept.topLayer())).allSatisfy(d -> assertThat(d).isDirectory());
    }

    @Test
    void anImageKeptForAStoppedContainerGoesWithItsLayersOnceTheContainerIsGone() throws IOException {
        String id = importImage("app", "x");
        String stopped = container(id, false);
        images.remove(id, true, false);
        Digest top = store.get(Digest.parse(id)).orElseThrow().topLayer();
        dropContainer(stopped);

        importImage("other", "y");
        images.remove("other", false, false);

        assertThat(store.get(Digest.parse(id))).isEmpty();
        assertThat(layers.get(top)).isEmpty();
    }

    @Test
    void removalByIdWithoutForceNamesTheStoppedContainer() throws IOException {
        String id = importImage("app", "x");
        String stopped = container(id, false);

        assertThatThrownBy(() -> images.remove(id, false, false))
                .isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to delete " + id.substring(7, 19) + " (must be forced) - image is being used"
                        + " by stopped container " + stopped.substring(0, 12));
    }

    @Test
    void imageListCountsTheContainersOfEachImage() throws IOException {
        String id = importImage("app", "x");
        container(id, true);
        container(id, false);
        importImage("other", "y");

        assertThat(list(Map.of())).extracting(ImageSummary::repoTags, ImageSummary::containers)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(List.of("app:latest"), 2L),
                        org.assertj.core.groups.Tuple.tuple(List.of("other:latest"), 0L));
    }

    @Test
    void untilFilterKeepsImagesCreatedBeforeTheTime() throws IOException {
        importImage("app", "x");

        assertThat(list(Map.of("until", List.of("1h")))).isEmpty();
        assertThat(list(Map.of("until", List.of(String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond())))))
                .hasSize(1);
        assertThat(list(Map.of("until", List.of(Instant.now().plusSeconds(60).toString())))).hasSize(1);
    }

    @Test
    void untilFilterRefusesAValueThatIsNeitherTimeNorDuration() {
        assertThatThrownBy(() -> list(Map.of("until", List.of("yesterday"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("failed to parse value as time or duration: \"yesterday\"");
    }

    @Test
    void unknownFilterIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> list(Map.of("x", List.of("1"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'x'");
    }

    @Test
    void malformedReferencePatternIsRefused() {
        assertThatThrownBy(() -> list(Map.of("reference", List.of("busy[box"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid filter 'reference=busy[box': syntax error in pattern");
    }

    @Test
    void invalidReferenceKeepsTheParsersDetail() {
        assertThatThrownBy(() -> images.inspect("Foo"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("invalid reference format").hasMessageContaining("must be lowercase");
    }

    @Test
    void inspectConfigHasDockersKeysWithTheirEmptyValues() throws IOException {
        importImage("app", "x");

        JsonNode config = json(images.inspect("app", ApiVersion.CURRENT)).path("Config");

        assertThat(keys(config)).containsExactly("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
                "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir",
                "Entrypoint", "OnBuild", "Labels");
        assertThat(config.path("Cmd").get(0).asText()).isEqualTo("sh");
        assertThat(config.get("Entrypoint").isNull()).isTrue();
    }

    @Test
    void containerAndContainerConfigExistBeforeApi145Only() throws IOException {
        importImage("app", "x");

        JsonNode old = json(images.inspect("app", ApiVersion.parse("1.44")));
        JsonNode current = json(images.inspect("app", ApiVersion.parse("1.45")));

        assertThat(old.path("Container").asText("missing")).isEmpty();
        assertThat(keys(old.path("ContainerConfig"))).contains("Hostname", "Cmd", "Entrypoint");
        assertThat(current.has("Container")).isFalse();
        assertThat(current.has("ContainerConfig")).isFalse();
        assertThat(json(images.inspect("app", ApiVersion.parse("1.43"))).path("VirtualSize").asLong()).isPositive();
        assertThat(current.has("VirtualSize")).isFalse();
    }

    @Test
    void lastTagTimeIsWhenTheImageWasLastTagged() throws IOException, InterruptedException {
        importImage("app", "x");
        Instant imported = Instant.parse(images.inspect("app").metadata().get("LastTagTime").toString());
        Thread.sleep(5);
        images.tag("app", "again", "1");

        Instant tagged = Instant.parse(images.inspect("app").metadata().get("LastTagTime").toString());
        assertThat(imported).isBefore(tagged);
        assertThat(tagged).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void aDamagedConfigBreaksOnlyItsOwnImageWhichCanStillBeRemoved() throws IOException {
        String damaged = importImage("damaged", "x");
        String sound = importImage("sound", "y");
        Files.writeString(root.resolve("content/blobs/sha256").resolve(damaged.substring(7)), "{ not json");
        Digest top = store.get(Digest.parse(damaged)).orElseThrow().topLayer();

        assertThat(list(Map.of())).extracting(ImageSummary::id).containsExactlyInAnyOrder(damaged, sound);
        assertThat(images.inspect("sound").id()).isEqualTo(sound);
        assertThatThrownBy(() -> images.inspect("damaged"))
                .isInstanceOf(berth.api.errors.DataLossException.class).hasMessageContaining("image " + damaged + " is damaged");

        assertThat(images.remove("damaged", true, false)).contains(ImageDeleteItem.deleted(damaged));
        assertThat(layers.get(top)).isEmpty();
        assertThat(list(Map.of())).extracting(ImageSummary::id).containsExactly(sound);
    }

    private static JsonNode json(Object value) throws IOException {
        return Json.mapper().readTree(Json.mapper().writeValueAsBytes(value));
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) out.add(it.next());
        return out;
    }

    private static byte[] tar(String file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
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
