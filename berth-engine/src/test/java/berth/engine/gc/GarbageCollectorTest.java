package berth.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ImageDeleteItem;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import berth.engine.store.Leases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mark and sweep over real stores in a temp dir: what is referenced stays, the rest goes. */
class GarbageCollectorTest {
    @TempDir
    Path root;
    private Database db;
    private ContentStore content;
    private LayerStore layers;
    private ImageStore store;
    private ImageService images;
    private GarbageCollector gc;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        content = ContentStore.open(root, db.leases());
        layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        store = ImageStore.open(db, content, layers, events);
        images = ImageService.create(db, content, layers, store, events);
        gc = new GarbageCollector(db, content, layers);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void layersAndBlobsThatNothingReferencesAreRemoved() throws IOException {
        LayerStore.Layer base = layers.register(null, null, tar("base"));
        LayerStore.Layer top = layers.register(base.chainId(), null, tar("top"));
        Digest blob = content.put("orphan".getBytes(StandardCharsets.UTF_8));

        GarbageCollector.Result result = gc.collect();

        assertThat(result.layers()).containsExactly(top.chainId(), base.chainId()); // children first
        assertThat(result.blobs()).containsExactly(blob);
        assertThat(layers.list()).isEmpty();
        assertThat(content.exists(blob)).isFalse();
        assertThat(layerDirectories()).isEmpty();
    }

    @Test
    void anImageKeepsItsConfigManifestLayerBlobAndLayers() throws IOException {
        ImageRecord image = images.resolve(importImage("keep:1", "kept"));
        LayerStore.Layer orphan = layers.register(null, null, tar("orphan"));

        GarbageCollector.Result result = gc.collect();

        assertThat(result.layers()).containsExactly(orphan.chainId());
        assertThat(result.blobs()).isEmpty();
        assertThat(layers.get(image.topLayer())).isPresent();
        assertThat(content.exists(image.id())).isTrue();
        assertThat(content.exists(image.manifestDigest())).isTrue();
        assertThat(content.list()).hasSize(3); // config, manifest, layer blob
    }

    @Test
    void namesInALeaseAreKeptUntilItCloses() throws IOException {
        LayerStore.Layer layer = layers.register(null, null, tar("leased"));
        Digest blob = content.put("leased".getBytes(StandardCharsets.UTF_8));
        try (Leases.Lease lease = db.leases().acquire("test")) {
            lease.add(layer.chainId(), blob);
            setOld(layer, blob); // not protected for being young: only the names count here
            assertThat(gc.collect().layers()).isEmpty();
            assertThat(content.exists(blob)).isTrue();
        }
        GarbageCollector.Result after = gc.collect();
        assertThat(after.layers()).containsExactly(layer.chainId());
        assertThat(after.blobs()).containsExactly(blob);
    }

    @Test
    void whatIsCreatedDuringALeaseIsKeptEvenUnnamed() throws IOException {
        try (Leases.Lease _ = db.leases().acquire("import")) {
            LayerStore.Layer layer = layers.register(null, null, tar("young"));
            Digest blob = content.put("young".getBytes(StandardCharsets.UTF_8));

            assertThat(gc.collect().layers()).isEmpty();
            assertThat(layers.get(layer.chainId())).isPresent();
            assertThat(content.exists(blob)).isTrue();
        }
        assertThat(gc.collect().layers()).hasSize(1);
    }

    @Test
    void aBlobCommittedDuringALeaseIsNeverOlderThanTheLease() throws IOException {
        // The lease's start and the blob's commit time must come from one clock: a file's mtime, stamped by the
        // kernel's coarse clock, may read a few milliseconds earlier, and across a second boundary the blob would
        // count as older than the lease and be collected.
        for (int i = 0; i < 50; i++) {
            try (Leases.Lease _ = db.leases().acquire("put")) {
                Digest blob = content.put(("young " + i).getBytes(StandardCharsets.UTF_8));
                long since = db.leases().collect(Leases.Snapshot::since);
                assertThat(content.inventory()).filteredOn(b -> b.digest().equals(blob)).singleElement()
                        .satisfies(b -> assertThat(b.committedMillis()).isGreaterThanOrEqualTo(since));
            }
        }
    }

    @Test
    void aLayerKeptByALeaseKeepsTheLayersBelowIt() throws IOException {
        LayerStore.Layer base = layers.register(null, null, tar("base"));
        LayerStore.Layer top = layers.register(base.chainId(), null, tar("top"));
        setOld(base, null);
        setOld(top, null);
        try (Leases.Lease lease = db.leases().acquire("pull")) {
            lease.add(top.chainId());
            assertThat(gc.collect().layers()).isEmpty();
        }
    }

    @Test
    void removingOneOfTwoImagesThatShareALayerKeepsTheLayer() throws IOException {
        String first = importImage("a:1", "shared");
        String second = importImage("b:1", "shared"); // same tarball, so the same layer
        Digest layer = images.resolve(first).topLayer();

        List<ImageDeleteItem> out = images.remove(first, false, false);

        assertThat(out).doesNotContain(ImageDeleteItem.deleted(layer.toString()));
        assertThat(layers.get(layer)).isPresent();
        assertThat(images.remove(second, false, false)).contains(ImageDeleteItem.deleted(layer.toString()));
        assertThat(layers.list()).isEmpty();
        assertThat(content.list()).isEmpty();
        assertThat(layerDirectories()).isEmpty();
    }

    @Test
    void rmiDuringAPullThatLeasedTheSharedLayerLeavesTheLayerForThePull() throws IOException {
        String id = importImage("base:1", "base");
        Digest base = images.resolve(id).topLayer();
        try (Leases.Lease pull = db.leases().acquire("pull")) {
            pull.add(base); // as the puller does for every chain of the image before it looks for it
            setOld(layers.get(base).orElseThrow(), null);

            images.remove(id, true, false);

            assertThat(layers.get(base)).isPresent();
            assertThat(layers.register(base, null, tar("on top")).parent()).isEqualTo(base);
        }
    }

    private String importImage(String ref, String file) throws IOException {
        String repo = ref.substring(0, ref.indexOf(':'));
        String tag = ref.substring(ref.indexOf(':') + 1);
        return images.importImage(tar(file), repo, tag, List.of(), null, m -> {});
    }

    /** Moves a layer's registration and a blob's commit time an hour back, out of any lease's reach. */
    private void setOld(LayerStore.Layer layer, Digest blob) throws IOException {
        long hourAgo = System.currentTimeMillis() / 1000 - 3600;
        db.update(c -> {
            try (var s = c.prepareStatement("UPDATE layers SET created = ? WHERE chain_id = ?")) {
                s.setLong(1, hourAgo);
                s.setString(2, layer.chainId().toString());
                s.executeUpdate();
            }
        });
        if (blob != null) {
            Files.setLastModifiedTime(root.resolve("content/blobs/sha256").resolve(blob.hex()),
                    java.nio.file.attribute.FileTime.fromMillis(hourAgo * 1000));
        }
    }

    private List<Path> layerDirectories() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("layers"))) {
            return s.filter(p -> !p.getFileName().toString().equals("l")).toList();
        }
    }

    private static ByteArrayInputStream tar(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] data = (name + "\n").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name.replace(' ', '-'));
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
