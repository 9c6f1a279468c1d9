package berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.EngineException;
import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.content.Digest;
import berth.engine.events.EventService;
import berth.engine.image.ImageService;
import berth.engine.image.ImageStore;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchivesTest {
    @TempDir
    Path tmp;
    private final List<Store> opened = new ArrayList<>();

    /** One data root with its services. */
    record Store(Path root, Database db, ContentStore content, LayerStore layers, ImageService images,
                 ImageArchives archives) {
        /** Blobs, layers and images: what a load must leave unchanged when it fails. */
        List<String> state() throws IOException {
            List<String> out = new ArrayList<>();
            for (Digest d : content.list()) out.add("blob " + d);
            for (LayerStore.Layer l : layers.list()) out.add("layer " + l.chainId());
            images.list(new ImageService.ImageListOptions(true, Map.of())).forEach(i -> out.add("image " + i.id() + i.repoTags()));
            out.sort(null);
            return out;
        }
    }

    private Store open(String name) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        Database db = Database.open(root.resolve("berth.db"));
        ContentStore content = ContentStore.open(root, db.leases());
        LayerStore layers = LayerStore.open(root, db);
        EventService events = EventService.create();
        ImageStore store = ImageStore.open(db, content, layers, events);
        ImageService images = ImageService.create(db, content, layers, store, events);
        Store s = new Store(root, db, content, layers, images, ImageArchives.create(db, content, layers, store, images, events));
        opened.add(s);
        return s;
    }

    @AfterEach
    void close() {
        opened.forEach(s -> s.db().close());
    }

    private static String importInto(Store s, String tag, String file) {
        return s.images().importImage(new ByteArrayInputStream(new TarBuilder().file(file, "content of " + file).bytes()),
                tag, null, List.of("CMD [\"sh\"]"), null, m -> {});
    }

    private static byte[] save(Store s, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.archives().save(List.of(names), null).writeTo(out);
        return out.toByteArray();
    }

    private static List<String> load(Store s, byte[] archive) {
        List<String> lines = new ArrayList<>();
        s.archives().load(new ByteArrayInputStream(archive), true, null, m -> {
            if (m.stream() != null) lines.add(m.stream().strip());
        });
        return lines;
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    @Test
    void anImageSavedFromOneStoreLoadsIntoAnotherWithTheSameIdAndTag() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        Store b = open("b");
        assertThat(load(b, save(a, "app:1"))).containsExactly("Loaded image: app:1");
        assertThat(b.images().inspect("app:1").id()).isEqualTo(id);
        assertThat(b.images().inspect("app:1").rootFS().layers()).isEqualTo(a.images().inspect("app:1").rootFS().layers());
    }

    @Test
    void theArchiveHoldsDockersFilesAndAnOciLayoutWhoseBlobsMatchTheirNames() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        Map<String, byte[]> files = entries(save(a, "app:1"));
        assertThat(files).containsKeys("manifest.json", "repositories", "index.json", "oci-layout");
        JsonNode manifest = Json.mapper().readTree(files.get("manifest.json")).get(0);
        assertThat(manifest.path("Config").asText()).isEqualTo("blobs/sha256/" + Digest.parse(id).hex());
        assertThat(manifest.path("RepoTags").get(0).asText()).isEqualTo("app:1");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("blobs/sha256/") && !f.getKey().endsWith("/")) {
                assertThat("blobs/sha256/" + Digest.sha256(f.getValue()).hex()).isEqualTo(f.getKey());
            }
        }
        JsonNode index = Json.mapper().readTree(files.get("index.json"));
        assertThat(index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/app:1");
    }

    @Test
    void savingARepositoryWithoutATagSavesEveryTagOfIt() throws IOException {
        Store a = open("a");
        importInto(a, "app:1", "one");
        importInto(a, "app:2", "two");
        JsonNode manifest = Json.mapper().readTree(entries(save(a, "app")).get("manifest.json"));
        List<String> tags = new ArrayList<>();
        manifest.forEach(m -> m.path("RepoTags").forEach(t -> tags.add(t.asText())));
        assertThat(tags).containsExactlyInAnyOrder("app:1", "app:2");
    }

    @Test
    void savingTheSameImageTwiceGivesTheSameBytes() throws IOException {
        Store a = open("a");
        importInto(a, "app:1", "hello");
        assertThat(save(a, "app:1")).isEqualTo(save(a, "app:1"));
    }

    @Test
    void anImageSavedByIdLoadsUntagged() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        Store b = open("b");
        assertThat(load(b, save(a, id))).containsExactly("Loaded image ID: " + id);
    }

    @Test
    void loadingOverAnExistingTagSaysWhichImageLostIt() throws IOException {
        Store a = open("a");
        importInto(a, "app:1", "new");
        Store b = open("b");
        String old = importInto(b, "app:1", "old");
        assertThat(load(b, save(a, "app:1"))).containsExactly(
                "The image app:1 already exists, renaming the old one with ID " + old + " to empty string",
                "Loaded image: app:1");
    }

    @Test
    void aLegacyArchiveWithLayerFilesLinkedByRelativeSymlinksLoads() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        byte[] layerTar = new TarBuilder().file("hello", "content of hello").bytes();
        byte[] config = a.content().readAll(Digest.parse(id));
        byte[] archive = new TarBuilder()
                .file("aaa/layer.tar", layerTar)
                .symlink("bbb/layer.tar", "../aaa/layer.tar")
                .file(Digest.parse(id).hex() + ".json", config)
                .file("manifest.json", "[{\"Config\":\"" + Digest.parse(id).hex() + ".json\",\"RepoTags\":[\"app:2\"],"
                        + "\"Layers\":[\"bbb/layer.tar\"]}]")
                .bytes();
        Store b = open("b");
        assertThat(load(b, archive)).containsExactly("Loaded image: app:2");
        assertThat(b.images().inspect("app:2").id()).isEqualTo(id);
    }

    @Test
    void anOciArchiveLoadsUnderTheNameItsIndexGives() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        Map<String, byte[]> files = entries(save(a, "app:1"));
        TarBuilder oci = new TarBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("blobs/sha256/") && !f.getKey().endsWith("/")) oci.file(f.getKey(), f.getValue());
        }
        String manifestDigest = Json.mapper().readTree(files.get("index.json")).path("manifests").get(0).path("digest").asText();
        int size = files.get("blobs/sha256/" + Digest.parse(manifestDigest).hex()).length;
        oci.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").file("index.json",
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                        + "\"digest\":\"" + manifestDigest + "\",\"size\":" + size
                        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"team/app:oci\"}}]}");
        Store b = open("b");
        assertThat(load(b, oci.bytes())).containsExactly("Loaded image: team/app:oci");
        assertThat(b.images().inspect("team/app:oci").id()).isEqualTo(id);
    }

    /** A hostile archive is refused, and the store it was given to holds exactly what it held before. */
    private void refusedAndStoreUnchanged(byte[] archive, String message) throws IOException {
        Store b = open("b");
        importInto(b, "keep:1", "kept");
        List<String> before = b.state();
        assertThatThrownBy(() -> load(b, archive)).isInstanceOf(EngineException.class).hasMessageContaining(message);
        assertThat(b.state()).isEqualTo(before);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b");
        }
    }

    private byte[] validConfig(Store a, String id) throws IOException {
        return a.content().readAll(Digest.parse(id));
    }

    @Test
    void anEntryNamedAboveTheArchiveRootIsRefused() throws IOException {
        Store a = open("a");
        importInto(a, "app:1", "hello");
        byte[] archive = new TarBuilder().file("../../escaped", "x").file("manifest.json", "[]").bytes();
        refusedAndStoreUnchanged(archive, "points outside the archive");
    }

    @Test
    void aManifestNamingAFileOutsideTheArchiveIsRefused() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        byte[] archive = new TarBuilder().file("c.json", validConfig(a, id))
                .file("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"../../../../etc/passwd\"]}]").bytes();
        refusedAndStoreUnchanged(archive, "points outside the archive");
    }

    @Test
    void aManifestNamingAnAbsolutePathReadsOnlyInsideTheArchive() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        byte[] archive = new TarBuilder().file("c.json", validConfig(a, id))
                .file("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"/etc/passwd\"]}]").bytes();
        refusedAndStoreUnchanged(archive, "\"etc/passwd\" named by");
    }

    @Test
    void aSymlinkPointingOutOfTheArchiveIsRefused() throws IOException {
        byte[] archive = new TarBuilder().symlink("x/layer.tar", "../../../etc/passwd").file("manifest.json", "[]").bytes();
        open("a");
        refusedAndStoreUnchanged(archive, "points outside the archive");
    }

    @Test
    void aBlobWhoseContentDoesNotMatchItsNameIsRefused() throws IOException {
        open("a");
        byte[] archive = new TarBuilder().file("blobs/sha256/" + "0".repeat(64), "not that").bytes();
        refusedAndStoreUnchanged(archive, "does not match the digest its name gives");
    }

    @Test
    void aLayerThatDoesNotMatchItsConfigsDiffIdLeavesNothingBehind() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        byte[] archive = new TarBuilder().file("c.json", validConfig(a, id))
                .file("l/layer.tar", new TarBuilder().file("other", "other content").bytes())
                .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"evil:1\"],\"Layers\":[\"l/layer.tar\"]}]")
                .bytes();
        refusedAndStoreUnchanged(archive, "does not match the diff ID");
    }

    @Test
    void whenTheSecondImageOfAnArchiveFailsTheFirstIsNotLoadedEither() throws IOException {
        Store a = open("a");
        String id = importInto(a, "app:1", "hello");
        Map<String, byte[]> good = entries(save(a, "app:1"));
        TarBuilder t = new TarBuilder();
        good.forEach((k, v) -> { if (!k.endsWith("/") && !k.equals("manifest.json")) t.file(k, v); });
        JsonNode m = Json.mapper().readTree(good.get("manifest.json")).get(0);
        t.file("bad.json", "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "1".repeat(64) + "\"]}}")
                .file("manifest.json", "[" + m + ",{\"Config\":\"bad.json\",\"Layers\":[\"" + m.path("Layers").get(0).asText()
                        + "\"]}]");
        refusedAndStoreUnchanged(t.bytes(), "does not match the diff ID");
    }

    @Test
    void aLayerWithPathsClimbingOutIsUnpackedInsideTheStore() throws IOException {
        Store b = open("b");
        byte[] layer = new TarBuilder().file("../../../../../../escaped-by-layer", "x").file("/abs-escaped", "y").bytes();
        String diffId = Digest.sha256(layer).toString();
        byte[] archive = new TarBuilder().file("l.tar", layer)
                .file("c.json", "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + diffId + "\"]}}")
                .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"odd:1\"],\"Layers\":[\"l.tar\"]}]").bytes();
        load(b, archive);
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("escaped")))
                    .allSatisfy(n -> assertThat(n).isIn("escaped-by-layer", "abs-escaped"));
        }
        Path diff = b.layers().list().getFirst().diffDir();
        assertThat(diff.resolve("escaped-by-layer")).exists();
        assertThat(diff.resolve("abs-escaped")).exists();
    }

    @Test
    void anArchiveWithNeitherManifestNorIndexIsRefused() throws IOException {
        open("a");
        refusedAndStoreUnchanged(new TarBuilder().file("hello", "x").bytes(), "neither manifest.json nor index.json");
    }

    @Test
    void progressReportsEachLayerUnlessQuiet() throws IOException {
        Store a = open("a");
        importInto(a, "app:1", "hello");
        byte[] archive = save(a, "app:1");
        Store b = open("b");
        List<ProgressMessage> seen = new ArrayList<>();
        b.archives().load(new ByteArrayInputStream(archive), false, null, seen::add);
        assertThat(seen).anySatisfy(m -> assertThat(m.status()).isEqualTo("Loading layer"));
    }
}
