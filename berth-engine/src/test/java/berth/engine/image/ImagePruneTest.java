package berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ImageDeleteItem;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePruneTest {
    @TempDir
    Path root;
    private Database db;
    private ImageService images;
    private ImagePruner pruner;
    private LayerStore layers;
    private ContentStore content;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        content = ContentStore.open(root, db.leases());
        layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        ImageStore store = ImageStore.open(db, content, layers, events);
        images = ImageService.create(db, content, layers, store, events);
        pruner = ImagePruner.of(images, db, content, layers);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String importImage(String repo, String file, String... changes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = ("content of " + file).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(file);
            e.setSize(data.length);
            e.setModTime(0); // the same file gives the same layer
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return images.importImage(new ByteArrayInputStream(bytes.toByteArray()), repo, null, List.of(changes), null, m -> {});
    }

    private long storeBytes() throws IOException {
        long total = 0;
        for (LayerStore.Layer l : layers.list()) total += l.size();
        for (ContentStore.BlobInfo b : content.inventory()) total += b.size();
        return total;
    }

    @Test
    void withoutFiltersOnlyDanglingImagesGo() throws IOException {
        String tagged = importImage("keep:1", "a");
        String dangling = importImage("app:1", "b");
        importImage("app:1", "c"); // takes the tag: the previous image is dangling now
        ImagePruner.Report r = pruner.prune(Map.of(), false);
        assertThat(r.imagesDeleted()).contains(ImageDeleteItem.deleted(dangling));
        assertThat(images.list(new ImageService.ImageListOptions(true, Map.of()))).extracting(s -> s.id())
                .contains(tagged).doesNotContain(dangling);
        assertThat(r.spaceReclaimed()).isPositive();
    }

    @Test
    void danglingFalseRemovesTaggedImagesTooUntaggingEachName() throws IOException {
        String id = importImage("app:1", "a");
        images.tag(id, "app", "2");
        ImagePruner.Report r = pruner.prune(Map.of("dangling", List.of("false")), false);
        assertThat(r.imagesDeleted()).startsWith(ImageDeleteItem.untagged("app:1"), ImageDeleteItem.untagged("app:2"),
                ImageDeleteItem.deleted(id));
        assertThat(storeBytes()).isZero();
    }

    @Test
    void labelFiltersChooseTheImages() throws IOException {
        String labelled = importImage("a:1", "a", "LABEL tier=cache");
        String other = importImage("b:1", "b");
        pruner.prune(Map.of("dangling", List.of("false"), "label", List.of("tier=cache")), false);
        assertThat(images.list(new ImageService.ImageListOptions(true, Map.of()))).extracting(s -> s.id())
                .containsExactly(other).doesNotContain(labelled);
    }

    @Test
    void aDryRunListsExactlyWhatTheRealPruneRemovesAndChangesNothing() throws IOException {
        importImage("a:1", "a");
        importImage("b:1", "b");
        long before = storeBytes();
        ImagePruner.Report dry = pruner.prune(Map.of("dangling", List.of("false")), true);
        assertThat(storeBytes()).isEqualTo(before);
        assertThat(images.list(new ImageService.ImageListOptions(true, Map.of()))).hasSize(2);
        ImagePruner.Report real = pruner.prune(Map.of("dangling", List.of("false")), false);
        assertThat(dry.imagesDeleted()).containsExactlyElementsOf(real.imagesDeleted());
        assertThat(dry.spaceReclaimed()).isEqualTo(real.spaceReclaimed()).isEqualTo(before);
    }

    @Test
    void aDryRunReportsALayerTwoPrunedImagesShareWithTheLaterOneAsThePruneDoes() throws IOException {
        importImage("a:1", "same", "LABEL which=a");
        importImage("b:1", "same", "LABEL which=b");
        ImagePruner.Report dry = pruner.prune(Map.of("dangling", List.of("false")), true);
        ImagePruner.Report real = pruner.prune(Map.of("dangling", List.of("false")), false);
        assertThat(dry.imagesDeleted()).containsExactlyElementsOf(real.imagesDeleted());
        assertThat(real.imagesDeleted()).hasSize(5); // two untags, two images, one layer
    }

    @Test
    void nothingToPruneReportsNoImagesAndNoSpace() throws IOException {
        importImage("a:1", "a");
        ImagePruner.Report r = pruner.prune(Map.of(), false);
        assertThat(r.imagesDeleted()).isNull();
        assertThat(r.spaceReclaimed()).isZero();
    }
}
