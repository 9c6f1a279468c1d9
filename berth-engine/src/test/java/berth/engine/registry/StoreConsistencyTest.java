package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.Json;
import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerCreateRequest;
import berth.engine.container.ContainerService;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.gc.GarbageCollector;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.image.MediaTypes;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stays consistent whatever the interleaving of pulls, runs and forced removals of images that share a
 * base layer, and a failed pull leaves nothing once garbage collection has run. Real registry (docker-registry on
 * loopback), real stores, real runc and conmon for the runs.
 */
class StoreConsistencyTest {
    private static final Path RUNC = Path.of("/usr/sbin/runc");
    private static final Path CONMON = Path.of("/usr/bin/conmon");
    private static LocalRegistry registry;
    private static final List<String> SHARING = new ArrayList<>();
    private static String broken;
    private static String retouched;

    @TempDir
    Path root;
    private Database db;
    private ContentStore content;
    private LayerStore layers;
    private ImageService images;
    private ImageStore store;
    private DistributionService distribution;
    private ContainerService containers;
    private GarbageCollector gc;

    @BeforeAll
    static void pushImages(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY) && Files.isExecutable(Path.of("/usr/bin/skopeo")));
        registry = LocalRegistry.start(dir);
        Path layoutDir = dir.resolve("layout");
        OciLayout layout = new OciLayout(layoutDir);
        byte[] busybox = busyboxRootfs();
        // Three images on one busybox base layer; the third has two layers of its own.
        String[][] tops = {{"a.txt"}, {"b.txt"}, {"c1.txt", "c2.txt"}};
        for (int i = 0; i < tops.length; i++) {
            String name = "shared" + i;
            layout.tag(name, image(layout, busybox, tops[i]), MediaTypes.OCI_MANIFEST);
            LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + layoutDir + ":" + name,
                    "docker://" + registry.host() + "/berth/" + name + ":1");
            SHARING.add(registry.host() + "/berth/" + name + ":1");
        }
        // Four layers, the third of which is corrupt in the registry: the two below it get registered first.
        List<OciLayout.Blob> blobs = new ArrayList<>();
        layout.tag("broken", image(layout, busybox, new String[] {"x1.txt", "x2.txt", "x3.txt"}, blobs),
                MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + layoutDir + ":broken",
                "docker://" + registry.host() + "/berth/broken:1");
        Path stored = dir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(blobs.get(2).digest().hex().substring(0, 2))
                .resolve(blobs.get(2).digest().hex()).resolve("data");
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 1] ^= 1;
        Files.write(stored, bytes);
        broken = registry.host() + "/berth/broken:1";
        // One layer whose gzip header (its mtime field) is altered in the registry: it still unpacks to the right diff
        // ID, but the blob no longer has its digest.
        List<OciLayout.Blob> single = new ArrayList<>();
        OciLayout.Blob manifest = image(layout, OciLayout.tar("only.txt", "only\n"), new String[0], single);
        layout.tag("retouched", manifest, MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + layoutDir + ":retouched",
                "docker://" + registry.host() + "/berth/retouched:1");
        Path blob = dir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(single.getFirst().digest().hex().substring(0, 2))
                .resolve(single.getFirst().digest().hex()).resolve("data");
        byte[] gz = Files.readAllBytes(blob);
        gz[4] ^= 1;
        Files.write(blob, gz);
        retouched = registry.host() + "/berth/retouched:1";
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) registry.close();
    }

    @BeforeEach
    void openStores() throws IOException {
        db = Database.open(root.resolve("data/berth.db"));
        content = ContentStore.open(root.resolve("data"), db.leases());
        layers = LayerStore.open(root.resolve("data"), db);
        EventService events = EventService.create();
        store = ImageStore.open(db, content, layers, events);
        images = ImageService.create(db, content, layers, store, events);
        distribution = DistributionService.create(content, layers, store, events, new RegistryConfig(Set.of()));
        gc = new GarbageCollector(db, content, layers);
    }

    @AfterEach
    void closeStores() throws Exception {
        if (containers != null) {
            for (var c : containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()))) {
                containers.remove(c.id(), true, false);
            }
            ((AutoCloseable) containers).close();
        }
        db.close();
    }

    @Test
    void failedMultiLayerPullLeavesNothingOnceCollected() throws IOException {
        assertThatThrownBy(() -> distribution.pull(broken, null, m -> {}))
                .hasMessageContaining("filesystem layer verification failed");

        gc.collect();

        assertThat(layers.list()).isEmpty();
        assertThat(content.list()).isEmpty();
        assertThat(entries("layers")).containsExactly("l");
        assertThat(entries("layers/l")).isEmpty();
        assertThat(entries("content/ingest")).isEmpty();
        assertThat(creatingRows()).isZero();
    }

    @Test
    void aLayerWhoseBlobFailsItsDigestNeverTurnsReadyEvenWhenItsDiffIdMatches() throws IOException {
        assertThatThrownBy(() -> distribution.pull(retouched, null, m -> {}))
                .hasMessageContaining("filesystem layer verification failed");

        assertThat(layers.list()).isEmpty(); // before any collection
        assertThat(creatingRows()).isZero();
    }

    @Test
    void aPullStoresTheBlobOfALayerThatIsRegisteredWithoutIt() throws Exception {
        // An import of the same rootfs registers the base layer under the same chain ID, but stores its own blob
        // (the uncompressed tar), not the registry's compressed one. A container create racing a forced rmi leaves
        // the same state behind: its lease keeps the chain for a while, the collection takes the layer blob.
        images.importImage(new java.io.ByteArrayInputStream(busyboxRootfs()), "imported", "1", List.of(), null, m -> {});

        distribution.pull(SHARING.getFirst(), null, m -> {});

        ImageRecord pulled = images.resolve(SHARING.getFirst());
        assertComplete(pulled);
    }

    @Test
    void aPullAfterAForcedRmiThatRacedACreateStoresTheSharedLayersBlob() throws Exception {
        distribution.pull(SHARING.get(0), null, m -> {});
        ImageRecord first = images.resolve(SHARING.get(0));
        ageEverything(); // older than the lease below: only its names keep anything
        // What ContainerCreator leases between resolving the image and inserting its row; the rmi wins that race.
        try (var _ = db.leases().acquire("create").add(first.id(), first.manifestDigest()).add(first.chainIds())) {
            images.remove(SHARING.get(0), true, false);
        }

        distribution.pull(SHARING.get(1), null, m -> {}); // the same base layer

        assertComplete(images.resolve(SHARING.get(1)));
    }

    @Test
    void concurrentPullsRunsAndForcedRemovalsOfImagesSharingALayerLeaveAConsistentStore() throws Exception {
        assumeTrue(Files.isExecutable(RUNC) && Files.isExecutable(CONMON) && "root".equals(System.getProperty("user.name")),
                "runs need root, runc and conmon");
        containers = ContainerService.open(db, ImageStore.open(db, content, layers, EventService.create()), layers,
                EventService.create(), root.resolve("data"), root.resolve("exec"), RUNC, CONMON);
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        int threads = 6;
        int operationsPerThread = 50;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < operationsPerThread; i++) {
                        String image = SHARING.get(random.nextInt(SHARING.size()));
                        int op = random.nextInt(10);
                        try {
                            if (op < 4) distribution.pull(image, null, m -> {});
                            else if (op < 7) images.remove(image, true, false);
                            else run(image);
                        } catch (NotFoundException | ConflictException documented) {
                            // 404: the image was removed first; 409: refused because a container uses it
                        } catch (RuntimeException | IOException e) {
                            unexpected.add(e.getClass().getSimpleName() + ": " + e.getMessage() + " at "
                                    + Stream.of(e.getStackTrace()).filter(f -> f.getClassName().startsWith("berth"))
                                    .limit(4).toList());
                        }
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }

        assertThat(unexpected).isEmpty();
        for (ImageRecord image : allImages()) assertComplete(image);
        for (var c : containers.list(new ContainerService.ContainerListOptions(true, -1, false, Map.of()))) {
            containers.remove(c.id(), true, false);
        }
        gc.collect();
        assertNoOrphans();
        for (String image : SHARING) {
            distribution.pull(image, null, m -> {});
            run(image);
        }
    }

    /** Moves every layer's registration and every blob's commit time an hour back. */
    private void ageEverything() throws IOException {
        long hourAgo = System.currentTimeMillis() / 1000 - 3600;
        db.update(c -> {
            try (var s = c.prepareStatement("UPDATE layers SET created = ?")) {
                s.setLong(1, hourAgo);
                s.executeUpdate();
            }
        });
        for (Digest blob : content.list()) {
            Files.setLastModifiedTime(root.resolve("data/content/blobs/sha256").resolve(blob.hex()),
                    java.nio.file.attribute.FileTime.fromMillis(hourAgo * 1000));
        }
    }

    /** create, start and remove: the start mounts every layer of the image. */
    private void run(String image) throws IOException {
        ContainerCreateRequest request = Json.mapper().readValue(
                Json.mapper().writeValueAsBytes(Map.of("Image", image, "Cmd", List.of("true"))), ContainerCreateRequest.class);
        String id = containers.create(null, request).id();
        try {
            containers.start(id);
        } finally {
            containers.remove(id, true, false);
        }
    }

    /** Every image row, those kept for containers after a forced rmi too (invisible to names and IDs). */
    private List<ImageRecord> allImages() {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT id FROM images")) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        }).stream().map(id -> store.get(Digest.parse(id)).orElseThrow()).toList();
    }

    /** Every layer of the image is ready with its directory; its config, manifest and layer blobs are stored. */
    private void assertComplete(ImageRecord image) throws IOException {
        assertThat(layers.lowerDirs(image.topLayer())).hasSize(image.chainIds().size());
        assertThat(content.exists(image.id())).isTrue();
        assertThat(content.exists(image.manifestDigest())).isTrue();
        for (var layer : Json.mapper().readTree(content.readAll(image.manifestDigest())).path("layers")) {
            assertThat(content.exists(Digest.parse(layer.path("digest").asText()))).isTrue();
        }
    }

    /** What is stored is exactly what the remaining images reference. */
    private void assertNoOrphans() throws IOException {
        Set<Digest> chains = new HashSet<>();
        Set<Digest> blobs = new HashSet<>();
        for (ImageRecord image : allImages()) {
            assertComplete(image);
            chains.addAll(image.chainIds());
            blobs.add(image.id());
            blobs.add(image.manifestDigest());
            for (var layer : Json.mapper().readTree(content.readAll(image.manifestDigest())).path("layers")) {
                blobs.add(Digest.parse(layer.path("digest").asText()));
            }
        }
        assertThat(layers.list()).extracting(LayerStore.Layer::chainId).containsExactlyInAnyOrderElementsOf(chains);
        assertThat(content.list()).containsExactlyInAnyOrderElementsOf(blobs);
        assertThat(entries("layers")).hasSize(chains.size() + 1); // + l/
        assertThat(entries("layers/l")).hasSize(chains.size());
        assertThat(entries("content/ingest")).isEmpty();
        assertThat(creatingRows()).isZero();
    }

    private int creatingRows() {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM layers WHERE state = 'creating'")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private List<String> entries(String dir) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("data").resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static OciLayout.Blob image(OciLayout layout, byte[] base, String[] files) throws IOException {
        return image(layout, base, files, new ArrayList<>());
    }

    /** An image whose bottom layer is {@code base} and each file its own layer; {@code blobs} gets the layer blobs. */
    private static OciLayout.Blob image(OciLayout layout, byte[] base, String[] files, List<OciLayout.Blob> blobs)
            throws IOException {
        List<byte[]> tars = new ArrayList<>();
        tars.add(base);
        for (String f : files) tars.add(OciLayout.tar(f, f + "\n"));
        List<Object> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] tar : tars) {
            diffIds.add(Digest.sha256(tar).toString());
            OciLayout.Blob blob = layout.write(OciLayout.gzip(tar));
            blobs.add(blob);
            descriptors.add(blob.descriptor(MediaTypes.OCI_LAYER_GZIP));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", Map.of("Cmd", List.of("sh")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        OciLayout.Blob configBlob = layout.write(Json.mapper().writeValueAsBytes(config));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        manifest.put("config", configBlob.descriptor(MediaTypes.OCI_CONFIG));
        manifest.put("layers", descriptors);
        return layout.write(Json.mapper().writeValueAsBytes(manifest));
    }

    private static byte[] busyboxRootfs() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of("../scripts/busybox-rootfs.sh").toAbsolutePath().toString()).start();
        byte[] tar = p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor() == 0, "busybox-static is needed for the base layer");
        return tar;
    }
}
