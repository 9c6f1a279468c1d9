package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.Json;
import berth.api.errors.InternalException;
import berth.api.errors.NotFoundException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.MediaTypes;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull and push against a real registry (Debian's docker-registry on loopback, fed by skopeo). Skipped where the
 * registry or skopeo is not installed.
 */
class LocalRegistryRoundTripTest {
    private static LocalRegistry registry;
    private static OciLayout.Blob single;
    private static OciLayout.Blob amd64;
    private static Path storage;
    private static List<OciLayout.Blob> corruptLayers;
    private static List<OciLayout.Blob> cutLayers;
    private static List<OciLayout.Blob> singleLayers;

    @TempDir
    Path root;
    private Database db;
    private ContentStore content;
    private LayerStore layers;
    private ImageStore images;
    private DistributionService distribution;

    @BeforeAll
    static void startRegistry(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY) && Files.isExecutable(Path.of("/usr/bin/skopeo")));
        registry = LocalRegistry.start(dir);
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        single = layout.image("amd64", "a.txt", "b.txt");
        singleLayers = List.copyOf(layout.lastLayers);
        layout.tag("1", single, MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":1",
                "docker://" + registry.host() + "/berth/src:1");
        OciLayout.Blob zstd = layout.imageOf("amd64", MediaTypes.OCI_LAYER_ZSTD, "a.txt", "b.txt");
        layout.tag("zstd", zstd, MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":zstd",
                "docker://" + registry.host() + "/berth/zstd:1");
        amd64 = layout.image("amd64", "amd.txt");
        OciLayout.Blob arm = layout.image("arm64", "arm.txt");
        layout.tag("multi", layout.index(List.of(arm, amd64), List.of("arm64", "amd64")), MediaTypes.OCI_INDEX);
        LocalRegistry.skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":multi",
                "docker://" + registry.host() + "/berth/multi:1");
        // berth/src:2 is the multi-platform index: another image of the same repository.
        LocalRegistry.skopeo("copy", "--all", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":multi",
                "docker://" + registry.host() + "/berth/src:2");
        storage = dir.resolve("storage/docker/registry/v2/blobs/sha256");
        corruptLayers = pushBroken(layout, dir, "corrupt", "c1.txt", "c2.txt");
        cutLayers = pushBroken(layout, dir, "cut", "d1.txt", "d2.txt");
    }

    private static List<OciLayout.Blob> pushBroken(OciLayout layout, Path dir, String name, String... files) throws Exception {
        OciLayout.Blob manifest = layout.image("amd64", files);
        List<OciLayout.Blob> blobs = List.copyOf(layout.lastLayers);
        layout.tag(name, manifest, MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":" + name,
                "docker://" + registry.host() + "/berth/" + name + ":1");
        return blobs;
    }

    private static Path stored(OciLayout.Blob blob) {
        return storage.resolve(blob.digest().hex().substring(0, 2)).resolve(blob.digest().hex()).resolve("data");
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) registry.close();
    }

    @BeforeEach
    void openStores() throws IOException {
        db = Database.open(root.resolve("berth.db"));
        content = ContentStore.open(root);
        layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        images = ImageStore.open(db, content, layers, events);
        distribution = DistributionService.create(content, layers, images, events, new RegistryConfig(Set.of()));
    }

    @AfterEach
    void closeStores() {
        db.close();
    }

    private List<ProgressMessage> pull(String name, String tag) {
        List<ProgressMessage> out = new ArrayList<>();
        distribution.pull(name, tag, out::add);
        return out;
    }

    private static List<String> statuses(List<ProgressMessage> messages) {
        return messages.stream().filter(m -> !"Downloading".equals(m.status()) && !"Extracting".equals(m.status()))
                .map(m -> (m.id() == null ? "" : m.id() + " ") + m.status()).toList();
    }

    @Test
    void pullRegistersEveryLayerAndTagsTheImage() throws IOException {
        pull(registry.host() + "/berth/src", "1");

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow();
        assertThat(image.manifestDigest()).isEqualTo(single.digest());
        assertThat(image.chainIds()).hasSize(2);
        assertThat(layers.lowerDirs(image.topLayer())).hasSize(2);
        assertThat(image.repoDigests()).containsExactly(registry.host() + "/berth/src@" + single.digest());
        Path top = layers.get(image.topLayer()).orElseThrow().diffDir();
        assertThat(Files.readString(top.resolve("b.txt"))).isEqualTo("b.txt\n");
    }

    @Test
    void pullReportsDockersSequenceOfMessages() throws IOException {
        List<ProgressMessage> messages = pull(registry.host() + "/berth/src", "1");

        List<String> s = statuses(messages);
        assertThat(s.getFirst()).isEqualTo("1 Pulling from berth/src");
        assertThat(s).contains("Digest: " + single.digest(),
                "Status: Downloaded newer image for " + registry.host() + "/berth/src:1");
        assertThat(s).filteredOn(x -> x.endsWith("Pull complete")).hasSize(2);
        assertThat(s).filteredOn(x -> x.endsWith("Pulling fs layer")).hasSize(2);
        assertThat(messages).filteredOn(m -> "Downloading".equals(m.status()))
                .allSatisfy(m -> assertThat(m.progressDetail().total()).isPositive());
    }

    @Test
    void secondPullFindsLayersPresentAndImageUpToDate() {
        pull(registry.host() + "/berth/src", "1");
        List<String> s = statuses(pull(registry.host() + "/berth/src", "1"));

        assertThat(s).filteredOn(x -> x.endsWith("Already exists")).hasSize(2);
        assertThat(s.getLast()).isEqualTo("Status: Image is up to date for " + registry.host() + "/berth/src:1");
    }

    @Test
    void pullOfIndexTakesTheLinuxAmd64Manifest() {
        List<ProgressMessage> messages = pull(registry.host() + "/berth/multi", "1");

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/multi:1")).orElseThrow();
        assertThat(image.manifestDigest()).isEqualTo(amd64.digest());
        assertThat(image.config().architecture()).isEqualTo("amd64");
        // Docker reports, and records as the repo digest, the digest of the index.
        assertThat(statuses(messages)).noneMatch(x -> x.equals("Digest: " + amd64.digest()));
        assertThat(image.repoDigests()).singleElement().asString().doesNotEndWith(amd64.digest().toString());
    }

    private void pull(String name, String tag, String platform) {
        distribution.pull(new DistributionService.PullRequest(name, tag, java.util.Optional.empty(), platform), m -> {});
    }

    @Test
    void pullWithPlatformTakesThatEntryOfTheIndex() {
        pull(registry.host() + "/berth/multi", "1", "linux/arm64");

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/multi:1")).orElseThrow();
        assertThat(image.config().architecture()).isEqualTo("arm64");
    }

    @Test
    void equivalentSpellingsOfTheHostPlatformPullTheAmd64Entry() {
        pull(registry.host() + "/berth/multi", "1", "linux/amd64/v1");

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/multi:1")).orElseThrow();
        assertThat(image.manifestDigest()).isEqualTo(amd64.digest());
    }

    @Test
    void platformAnIndexDoesNotHaveIsNotFound() {
        assertThatThrownBy(() -> pull(registry.host() + "/berth/multi", "1", "linux/s390x"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
    }

    @Test
    void platformThatASinglePlatformImageIsNotIsRefused() {
        assertThatThrownBy(() -> pull(registry.host() + "/berth/src", "1", "linux/arm64"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not match the specified platform: wanted linux/arm64, actual: linux/amd64");
        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:1"))).isEmpty();
    }

    @Test
    void pullWithoutTagPullsEveryTagOfTheRepository() {
        List<ProgressMessage> messages = pull(registry.host() + "/berth/src", null);

        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:1"))).isPresent();
        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:2"))).isPresent();
        assertThat(statuses(messages).getLast()).isEqualTo("Status: Downloaded newer image for " + registry.host() + "/berth/src");
    }

    @Test
    void pullByDigestWithATagLeavesTheTagAlone() throws IOException {
        pull(registry.host() + "/berth/src", "1");
        ImageRecord tagged = images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow();
        var otherImage = RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/src"),
                new RegistryConfig(Set.of()), java.util.Optional.empty()).manifest("2").digest();

        pull(registry.host() + "/berth/src:1@" + otherImage, null);

        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow().id()).isEqualTo(tagged.id());
        ImageRecord byDigest = images.lookup(Reference.parse(registry.host() + "/berth/src@" + otherImage)).orElseThrow();
        assertThat(byDigest.id()).isNotEqualTo(tagged.id());
    }

    @Test
    void missingTagFailsWithDockersMessageBeforeAnyProgress() {
        List<ProgressMessage> messages = new ArrayList<>();
        assertThatThrownBy(() -> distribution.pull(registry.host() + "/berth/src", "nothere", messages::add))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("manifest for " + registry.host() + "/berth/src:nothere not found: manifest unknown: manifest unknown");
        assertThat(messages).isEmpty();
    }

    @Test
    void unreachableRegistryFailsWithDockersDialText() throws IOException {
        int port = LocalRegistry.freePort();
        assertThatThrownBy(() -> pull("127.0.0.1:" + port + "/x", null))
                .isInstanceOf(InternalException.class)
                .hasMessage("Get \"http://127.0.0.1:" + port + "/v2/\": dial tcp 127.0.0.1:" + port
                        + ": connect: connection refused");
    }

    @Test
    void pushMountsLayersFromTheSourceRepositoryAndKeepsTheDigest() throws Exception {
        pull(registry.host() + "/berth/src", "1");
        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow();
        String target = registry.host() + "/berth/dst";
        images.tag(Reference.parse(target + ":2"), image.id());

        List<ProgressMessage> messages = new ArrayList<>();
        distribution.push(target, "2", messages::add);

        List<String> s = statuses(messages);
        assertThat(s.getFirst()).isEqualTo("The push refers to repository [" + target + "]");
        assertThat(s).filteredOn(x -> x.endsWith("Mounted from berth/src")).hasSize(2);
        assertThat(s).contains("2: digest: " + single.digest() + " size: " + single.size());
        assertThat(messages.getLast().aux()).containsEntry("Digest", single.digest().toString());
        String inspect = LocalRegistry.skopeo("inspect", "--tls-verify=false", "docker://" + target + ":2");
        assertThat(Json.mapper().readTree(inspect).path("Digest").asText()).isEqualTo(single.digest().toString());
    }

    @Test
    void blobLargerThanAChunkGoesUpInPatchRequestsAndComesBackWhole() throws IOException {
        byte[] blob = new byte[1_000_003];
        new java.util.Random(7).nextBytes(blob);
        berth.engine.content.Digest digest = berth.engine.content.Digest.sha256(blob);
        RegistryClient client = RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/chunked"),
                new RegistryConfig(Set.of()), java.util.Optional.empty());

        client.uploadBlob(digest, blob.length, () -> new java.io.ByteArrayInputStream(blob), 256 * 1024);

        try (var in = client.blob(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
    }

    @Test
    void pushToANewRegistryRepositoryUploadsEveryBlob() throws Exception {
        pull(registry.host() + "/berth/src", "1");
        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow();
        String target = "localhost:" + registry.port + "/berth/other";
        images.tag(Reference.parse(target + ":latest"), image.id());

        List<ProgressMessage> messages = new ArrayList<>();
        distribution.push(target, null, messages::add);

        assertThat(statuses(messages)).filteredOn(x -> x.endsWith(" Pushed")).hasSize(2);
        String inspect = LocalRegistry.skopeo("inspect", "--tls-verify=false", "docker://" + target + ":latest");
        assertThat(Json.mapper().readTree(inspect).path("Layers")).hasSize(2);
    }

    @Test
    void layerThatDoesNotMatchItsDigestFailsThePullAndLeavesNothingVisible() throws IOException {
        Path top = stored(corruptLayers.getLast());
        byte[] bytes = Files.readAllBytes(top);
        bytes[bytes.length - 1] ^= 1; // the gzip trailer: still the same size, no longer the same digest
        Files.write(top, bytes);

        assertThatThrownBy(() -> pull(registry.host() + "/berth/corrupt", "1"))
                .isInstanceOf(InternalException.class)
                .hasMessage("filesystem layer verification failed for digest " + corruptLayers.getLast().digest());
        assertNothingVisible(registry.host() + "/berth/corrupt:1", corruptLayers.getLast());
    }

    @Test
    void pullWithOneDownloadAtATimeStillUnpacksEveryLayer() throws IOException {
        DistributionService oneAtATime = DistributionService.create(content, layers, images, EventService.create(),
                new RegistryConfig(Set.of(), null, null, null, new RegistryConfig.Transfers(1, 1)));
        oneAtATime.pull(registry.host() + "/berth/src", "1", m -> {});

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/src:1")).orElseThrow();
        assertThat(layers.lowerDirs(image.topLayer())).hasSize(2);
    }

    @Test
    void pullOfZstdLayersUnpacksThem() throws IOException {
        pull(registry.host() + "/berth/zstd", "1");

        ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/zstd:1")).orElseThrow();
        assertThat(new String(content.readAll(image.manifestDigest()))).contains(MediaTypes.OCI_LAYER_ZSTD);
        Path top = layers.get(image.topLayer()).orElseThrow().diffDir();
        assertThat(Files.readString(top.resolve("b.txt"))).isEqualTo("b.txt\n");
        assertThat(image.chainIds()).hasSize(2);
    }

    @Test
    void pullContinuesADownloadThatBrokeOffWhereItStopped() throws IOException {
        OciLayout.Blob top = singleLayers.getLast();
        byte[] blob = Files.readAllBytes(stored(top));
        Files.write(root.resolve("content/ingest/partial-" + top.digest().hex()), java.util.Arrays.copyOf(blob, blob.length / 2));

        List<ProgressMessage> progress = pull(registry.host() + "/berth/src", "1");

        assertThat(statuses(progress)).contains(top.digest().shortHex() + " Resuming download at "
                + berth.api.model.Units.humanSize(blob.length / 2) + " of " + berth.api.model.Units.humanSize(blob.length));
        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:1"))).isPresent();
        assertThat(content.exists(top.digest())).isTrue();
        try (var partial = Files.list(root.resolve("content/ingest"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void keptBytesThatDoNotVerifyAreDroppedAndTheBlobDownloadedAgain() throws IOException {
        OciLayout.Blob top = singleLayers.getLast();
        byte[] garbage = new byte[(int) top.size() / 2];
        java.util.Arrays.fill(garbage, (byte) 7);
        Files.write(root.resolve("content/ingest/partial-" + top.digest().hex()), garbage);

        List<ProgressMessage> progress = pull(registry.host() + "/berth/src", "1");

        assertThat(statuses(progress)).contains(top.digest().shortHex() + " Downloading again: the kept bytes did not verify");
        assertThat(images.lookup(Reference.parse(registry.host() + "/berth/src:1"))).isPresent();
        try (var partial = Files.list(root.resolve("content/ingest"))) {
            assertThat(partial).isEmpty();
        }
    }

    @Test
    void cutDownloadFailsThePullAndLeavesNothingVisible() throws IOException {
        Path top = stored(cutLayers.getLast());
        byte[] bytes = Files.readAllBytes(top);
        Files.write(top, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> pull(registry.host() + "/berth/cut", "1"))
                .isInstanceOf(InternalException.class)
                .hasMessageContaining("unexpected EOF");
        assertNothingVisible(registry.host() + "/berth/cut:1", cutLayers.getLast(), true);
    }

    private void assertNothingVisible(String reference, OciLayout.Blob brokenLayer) throws IOException {
        assertNothingVisible(reference, brokenLayer, false);
    }

    /** {@code keptPartial}: a download that broke off keeps its bytes (under the blob's name) for the next try. */
    private void assertNothingVisible(String reference, OciLayout.Blob brokenLayer, boolean keptPartial) throws IOException {
        assertThat(images.lookup(Reference.parse(reference))).isEmpty();
        assertThat(content.exists(brokenLayer.digest())).isFalse();
        try (var partial = Files.list(root.resolve("content/ingest"))) {
            List<String> names = partial.map(p -> p.getFileName().toString()).toList();
            if (keptPartial) assertThat(names).containsExactly("partial-" + brokenLayer.digest().hex());
            else assertThat(names).isEmpty();
        }
        // The intact bottom layer may stay registered (content-addressed, as in Docker), but never the broken one.
        assertThat(layers.list()).hasSizeLessThanOrEqualTo(1);
    }
}
