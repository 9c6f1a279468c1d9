package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthRoot;
import berth.it.harness.BlobStorage;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.FakeRegistry;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.ProcessRunner;
import berth.it.harness.StoreProbe;
import berth.it.harness.Tar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves (a fake one in the test JVM, {@link FakeRegistry}): each fault fails the pull with a
 * clear error, leaves the store as it was (no image, no partial download, no half-made layer), and the same pull
 * succeeds once the registry behaves. Transient answers (500, 429) are retried with back-off first.
 */
class RegistryFaultsIT {
    private static final String USER = "faults";
    private static final String PASSWORD = "fault-Secret-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final Harness harness = Harness.shared();

    @TempDir
    static Path dir;
    private static FakeRegistry registry;
    private static BlobStorage storage;
    private static OciLayout.Image image;
    private static Path goodLogin;
    private static Path wrongLogin;

    private final Docker docker = harness.docker();

    @BeforeAll
    static void start() throws IOException {
        OciLayout layout = new OciLayout(dir.resolve("oci"));
        byte[] noise = new byte[64 * 1024];
        new java.util.Random().nextBytes(noise);
        image = layout.image("amd64", List.of(new Tar().file("it-marker", "faults").file("noise", noise).bytes()));
        registry = FakeRegistry.start(layout.dir());
        storage = BlobStorage.start(layout.dir());
        goodLogin = dockerConfig("good", PASSWORD);
        wrongLogin = dockerConfig("wrong", "not-" + PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
        if (storage != null) storage.close();
    }

    @BeforeEach
    void behave() {
        registry.reset();
        registry.basicLogin = null;
        // Each test starts without the image, whatever an earlier failure left: its blobs must come from the registry.
        docker.run("rmi", "-f", image.config().digest());
    }

    private static Path dockerConfig(String name, String password) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(d.resolve("config.json"), "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        return d;
    }

    /** A fresh reference on the fake registry whose tag names the test image. */
    private String reference(String hint) {
        String ref = harness.image(registry.address() + "/it/" + hint);
        registry.tag(ref.substring(ref.lastIndexOf(':') + 1), image.manifest());
        return ref;
    }

    private CommandResult pull(Path config, String ref) {
        List<String> cmd = new ArrayList<>(List.of(BerthRoot.DOCKER, "pull", ref));
        return ProcessRunner.run(cmd, Map.of("DOCKER_HOST", harness.docker().host(), "DOCKER_CONFIG",
                config == null ? "/tmp/bit-docker-config" : config.toString()), null, Docker.DEFAULT_TIMEOUT);
    }

    private String images() {
        return docker.ok("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out();
    }

    /**
     * Pulls {@code ref} while the fault is on: exit 1 with {@code expected} in the error, nothing left in the store.
     * Then, the registry behaving again, the same pull succeeds and the image is the one the registry serves.
     */
    private void assertFailsCleanlyThenRetrySucceeds(String ref, Path config, String expected) {
        String imagesBefore = images();
        Optional<StoreProbe> store = harness.store();
        int layersBefore = store.map(s -> s.layerDirs().size()).orElse(0);

        CommandResult failed = pull(config, ref);

        assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(1);
        assertThat(failed.stderr()).as(failed.describe()).contains(expected);
        assertThat(images()).as("no trace of the failed pull in docker images").isEqualTo(imagesBefore);
        store.ifPresent(s -> {
            assertThat(s.ingestFiles()).as("partial downloads left in content/ingest").isEmpty();
            assertThat(s.layerDirs()).as("layers/ after a failed pull").hasSize(layersBefore);
            assertThat(s.creatingRows()).as("rows still 'creating'").isEmpty();
        });

        registry.reset();
        CommandResult retry = pull(config, ref);
        assertThat(retry.exitCode()).as(retry.describe()).isZero();
        assertThat(docker.inspect("{{.Id}}", ref)).isEqualTo(image.config().digest());
        docker.ok("rmi", ref);
    }

    @Test
    void missingTagIsManifestUnknownInDockersWords() {
        String ref = registry.address() + "/it/missing:no-such-tag";

        CommandResult r = pull(null, ref);

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("manifest for " + ref + " not found: manifest unknown");
    }

    @Test
    void badCredentialsAreUnauthorizedAndTheRightOnesThenPull() {
        registry.basicLogin = USER + ":" + PASSWORD;
        String ref = reference("login");
        String imagesBefore = images();

        CommandResult refused = pull(wrongLogin, ref);

        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.stderr()).as(refused.describe()).contains("unauthorized: authentication required")
                .doesNotContain(PASSWORD);
        assertThat(images()).isEqualTo(imagesBefore);
        assertThat(pull(goodLogin, ref).exitCode()).isZero();
        docker.ok("rmi", ref);
    }

    @Test
    void aServerErrorIsRetriedAndThePullSucceeds() {
        String ref = reference("retried");
        registry.manifestAnswers.add(new FakeRegistry.Answer(500, Map.of(), "{}"));

        CommandResult r = pull(null, ref);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(registry.seen("/manifests/")).as("the 500, then the manifest").hasSize(2);
        docker.ok("rmi", ref);
    }

    @Test
    void aServerErrorThatPersistsFailsClearlyAfterTheRetries() {
        String ref = reference("down");
        for (int i = 0; i < 4; i++) registry.manifestAnswers.add(new FakeRegistry.Answer(503, Map.of(), "{}"));

        assertFailsCleanlyThenRetrySucceeds(ref, null, "gave up after 4 attempts");
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
        String ref = reference("busy");
        registry.manifestAnswers.add(new FakeRegistry.Answer(429, Map.of("Retry-After", "1"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}"));

        CommandResult r = pull(null, ref);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        List<FakeRegistry.Seen> manifests = registry.seen("/manifests/");
        assertThat(manifests).hasSize(2);
        long waitedMillis = (manifests.get(1).nanos() - manifests.get(0).nanos()) / 1_000_000;
        assertThat(waitedMillis).as("pause before the retry").isGreaterThanOrEqualTo(950);
        docker.ok("rmi", ref);
    }

    @Test
    void tooManyRequestsThatPersistsFailsWithTheRegistrysWords() {
        String ref = reference("throttled");
        registry.manifestAnswers.add(new FakeRegistry.Answer(429, Map.of("Retry-After", "3600"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"pull rate limit reached\"}]}"));

        assertFailsCleanlyThenRetrySucceeds(ref, null, "toomanyrequests: pull rate limit reached");
    }

    @Test
    void aManifestWithTheWrongContentTypeIsRefused() {
        String ref = reference("html");
        registry.manifestContentType = "text/html";

        assertFailsCleanlyThenRetrySucceeds(ref, null, "unsupported manifest media type text/html");
    }

    @Test
    void aManifestWhoseDigestDoesNotMatchItsBytesIsRefused() {
        String ref = reference("digest");
        registry.manifestDigestHeader = "sha256:" + "0".repeat(64);

        assertFailsCleanlyThenRetrySucceeds(ref, null, "manifest verification failed for digest sha256:" + "0".repeat(64));
    }

    @Test
    void aLayerLongerThanItsManifestSaysIsRefused() {
        String ref = reference("size");
        long size = image.layers().getFirst().size();
        registry.rewriteManifest = bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace("\"size\":" + size + "}", "\"size\":" + (size - 7) + "}").getBytes(StandardCharsets.UTF_8);

        assertFailsCleanlyThenRetrySucceeds(ref, null, image.layers().getFirst().digest());
    }

    @Test
    void aManifestNamingABlobByAPathIsRefusedBeforeAnythingIsWritten() {
        String ref = reference("path");
        String layer = image.layers().getFirst().digest();
        registry.rewriteManifest = bytes -> new String(bytes, StandardCharsets.UTF_8)
                .replace(layer, "sha256:../../../../../tmp/berth-it-escape").getBytes(StandardCharsets.UTF_8);

        assertFailsCleanlyThenRetrySucceeds(ref, null, "invalid digest");
        assertThat(Path.of("/tmp/berth-it-escape")).doesNotExist();
        assertThat(registry.seen("/blobs/sha256:..")).as("no request for a blob named by a path").isEmpty();
    }

    @Test
    void aManifestCutMidwayFailsThePull() {
        String ref = reference("cut");
        registry.cutManifest = true;

        assertFailsCleanlyThenRetrySucceeds(ref, null, "manifest");
    }

    @Test
    void aBlobRedirectToAnotherPortIsFollowedWithoutTheLogin() {
        registry.basicLogin = USER + ":" + PASSWORD;
        registry.redirectBlobsTo = storage.url();
        storage.authorizations.clear();
        String ref = reference("redirect");

        CommandResult r = pull(goodLogin, ref);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(storage.paths).as("blobs fetched from the storage host").isNotEmpty();
        assertThat(storage.authorizations).as("Authorization headers the storage host received").containsOnly("null");
        assertThat(registry.seen("/manifests/")).extracting(FakeRegistry.Seen::authorization).last().asString()
                .startsWith("Basic ");
        docker.ok("rmi", ref);
    }
}
