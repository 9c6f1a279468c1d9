package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.Json;
import berth.api.errors.InternalException;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageStore;
import berth.engine.image.MediaTypes;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves (the test's own, on loopback): every wait is bounded, nothing large is read whole, and a
 * failed or cancelled pull leaves no partial files behind.
 */
class RegistryFaultsTest {
    /** Generous bounds: a broken timeout hangs for minutes, not seconds. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path root;
    @TempDir
    Path layoutDir;
    private Database db;
    private ContentStore content;
    private LayerStore layers;
    private ImageStore images;
    private FakeRegistry registry;
    private OciLayout layout;

    @BeforeEach
    void open() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        content = ContentStore.open(root);
        layers = LayerStore.open(root, db);
        images = ImageStore.open(db, content, layers, EventService.create());
        layout = new OciLayout(layoutDir);
        registry = new FakeRegistry(layoutDir);
    }

    @AfterEach
    void close() {
        registry.close();
        db.close();
    }

    private DistributionService distribution(Duration response, Duration stall) {
        return DistributionService.create(content, layers, images, EventService.create(),
                new RegistryConfig(Set.of(), new RegistryConfig.Timeouts(Duration.ofSeconds(10), response, stall)));
    }

    private void pull(DistributionService d, String name, String tag) {
        d.pull(name, tag, m -> {});
    }

    @Test
    void registryThatStallsMidBlobFailsThePullWithTheStallTimeout() throws IOException {
        OciLayout.Blob manifest = layout.image("amd64", "a.txt", "b.txt");
        registry.tag("1", manifest.digest());
        registry.stallBlob = layout.lastLayers.getLast().digest();
        DistributionService d = distribution(Duration.ofSeconds(10), Duration.ofSeconds(1));

        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> pull(d, registry.host() + "/x", "1"))
                .isInstanceOf(InternalException.class)
                .hasMessageContaining("the registry sent no data for 1s while downloading " + registry.stallBlob));
        assertOnlyPartialDownloadOf(registry.stallBlob);
        assertThat(images.lookup(Reference.parse(registry.host() + "/x:1"))).isEmpty();
    }

    @Test
    void interruptedPullEndsAtOnceAndKeepsOnlyWhatItDownloaded() throws Exception {
        OciLayout.Blob manifest = layout.image("amd64", "a.txt", "b.txt");
        registry.tag("1", manifest.digest());
        registry.stallBlob = layout.lastLayers.getLast().digest();
        // A stall timeout far beyond the test's patience: only the interrupt can end this pull in time.
        DistributionService d = distribution(Duration.ofSeconds(10), Duration.ofMinutes(10));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread puller = Thread.ofVirtual().start(() -> {
            try {
                pull(d, registry.host() + "/x", "1");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(registry.stalled.await(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        puller.interrupt();
        assertThat(puller.join(HANG)).as("the pull ended after the interrupt").isTrue();

        assertThat(failure.get()).isInstanceOf(InternalException.class).hasMessageContaining("cancelled");
        // Every download under way when the pull was cancelled keeps its bytes; nothing else stays.
        try (var partial = Files.list(root.resolve("content/ingest"))) {
            assertThat(partial.map(p -> p.getFileName().toString()))
                    .contains("partial-" + registry.stallBlob.hex()).allMatch(n -> n.startsWith("partial-"));
        }
        assertThat(layers.list()).as("only the complete bottom layer may stay").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void manifestDeclaredLargerThanTheLimitIsRefused() {
        registry.hugeManifestBytes = 5L * 1024 * 1024;
        DistributionService d = distribution(Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> pull(d, registry.host() + "/x", "1"))
                .hasMessageContaining("manifest 1 of 5242880 bytes is larger than the limit of 4194304 bytes"));
    }

    @Test
    void configOfAGigabyteIsRefusedWithoutDownloadingIt() throws IOException {
        Digest config = Digest.sha256("never served".getBytes());
        Map<String, Object> m = Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                "config", Map.of("mediaType", MediaTypes.OCI_CONFIG, "digest", config.toString(), "size", 1L << 30),
                "layers", List.of());
        OciLayout.Blob manifest = layout.write(Json.mapper().writeValueAsBytes(m));
        registry.tag("1", manifest.digest());
        DistributionService d = distribution(Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertThatThrownBy(() -> pull(d, registry.host() + "/x", "1"))
                .hasMessageContaining("image config " + config + " of 1073741824 bytes is larger than the limit");
        assertThat(registry.requests).noneMatch(r -> r.endsWith("/blobs/" + config));
    }

    @Test
    void registryThatNeverAnswersFailsAfterTheResponseTimeout() {
        registry.hangManifests = true;
        DistributionService d = distribution(Duration.ofSeconds(1), Duration.ofSeconds(10));

        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> pull(d, registry.host() + "/x", "1"))
                .isInstanceOf(InternalException.class)
                .hasMessage("Get \"http://" + registry.host() + "/v2/x/manifests/1\": no response from the registry within 1s"));
    }

    @Test
    void unresolvableRegistryReportsTheLookupFailure() {
        // RFC 2606: .invalid never resolves, and no query goes further than the resolver.
        DistributionService d = distribution(Duration.ofSeconds(10), Duration.ofSeconds(10));

        assertThatThrownBy(() -> pull(d, "nosuchhost.invalid/x", "1"))
                .isInstanceOf(InternalException.class)
                .hasMessage("Get \"https://nosuchhost.invalid/v2/\": dial tcp: lookup nosuchhost.invalid: no such host");
    }

    @Test
    void layerLargerThanTheDiskFailsThePullAndGivesTheSpaceBackAtOnce(@TempDir Path small) throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0, "mounting a small tmpfs needs root");
        run("mount", "-t", "tmpfs", "-o", "size=16m", "berth-test", small.toString());
        try (Database smallDb = Database.open(root.resolve("small.db"))) {
            ContentStore smallContent = ContentStore.open(small);
            LayerStore smallLayers = LayerStore.open(small, smallDb);
            ImageStore smallImages = ImageStore.open(smallDb, smallContent, smallLayers, EventService.create());
            DistributionService d = DistributionService.create(smallContent, smallLayers, smallImages, EventService.create(),
                    new RegistryConfig(Set.of()));
            registry.tag("1", imageWithZeros(64 << 20).digest());
            long usedBefore = used(small);

            assertThatThrownBy(() -> d.pull(registry.host() + "/x", "1", m -> {}))
                    .hasMessageStartingWith("failed to register layer: ")
                    .hasMessageContaining("No space left on device")
                    .hasMessageNotContaining(small.toString());

            try (var partial = Files.list(small.resolve("content/ingest"))) {
                assertThat(partial).as("partial downloads").isEmpty();
            }
            assertThat(smallLayers.list()).isEmpty();
            assertThat(used(small) - usedBefore).as("bytes still used on the small disk").isLessThan(1 << 20);
        } finally {
            run("umount", small.toString());
        }
    }

    private static long used(Path dir) throws IOException {
        var store = Files.getFileStore(dir);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }

    /** One gzip layer holding a file of {@code size} zero bytes (it compresses to almost nothing). */
    private OciLayout.Blob imageWithZeros(long size) throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        java.security.MessageDigest diff = java.security.MessageDigest.getInstance("SHA-256");
        try (var zip = new java.util.zip.GZIPOutputStream(gz);
             var hashed = new java.security.DigestOutputStream(zip, diff);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(hashed)) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("zeros");
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] block = new byte[1 << 20];
            for (long written = 0; written < size; written += block.length) tar.write(block);
            tar.closeArchiveEntry();
        }
        Digest diffId = new Digest("sha256", java.util.HexFormat.of().formatHex(diff.digest()));
        OciLayout.Blob layer = layout.write(gz.toByteArray());
        OciLayout.Blob config = layout.write(Json.mapper().writeValueAsBytes(Map.of("architecture", "amd64", "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(diffId.toString())))));
        return layout.write(Json.mapper().writeValueAsBytes(Map.of("schemaVersion", 2, "mediaType", MediaTypes.OCI_MANIFEST,
                "config", config.descriptor(MediaTypes.OCI_CONFIG),
                "layers", List.of(layer.descriptor(MediaTypes.OCI_LAYER_GZIP)))));
    }

    private void assertNoPartialFiles() throws IOException {
        assertOnlyPartialDownloadOf(null);
    }

    /**
     * A broken-off, stalled or cancelled download keeps its bytes under the blob's name for the next pull to continue
     * from ({@code kept}); nothing else stays in the ingest directory, and no layer is half-made.
     */
    private void assertOnlyPartialDownloadOf(Digest kept) throws IOException {
        try (var partial = Files.list(root.resolve("content/ingest"))) {
            List<String> names = partial.map(p -> p.getFileName().toString()).toList();
            if (kept == null) assertThat(names).as("partial downloads").isEmpty();
            else assertThat(names).as("partial downloads").containsExactly("partial-" + kept.hex());
        }
        assertThat(layers.list()).as("only the complete bottom layer may stay").hasSizeLessThanOrEqualTo(1);
        try (var dirs = Files.list(root.resolve("layers"))) {
            assertThat(dirs.filter(p -> !p.getFileName().toString().equals("l")).count())
                    .as("layer directories").isLessThanOrEqualTo(layers.list().size());
        }
    }
}
