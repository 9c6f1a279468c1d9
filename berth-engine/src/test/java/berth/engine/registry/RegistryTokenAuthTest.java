package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.model.ProgressMessage;
import berth.engine.content.ContentStore;
import berth.engine.events.EventService;
import berth.engine.image.ImageRecord;
import berth.engine.image.ImageStore;
import berth.engine.image.MediaTypes;
import berth.engine.image.Reference;
import berth.engine.layer.LayerStore;
import berth.engine.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anonymous Bearer token flow against a real registry configured for token auth. */
class RegistryTokenAuthTest {
    private static TokenServer tokens;
    private static LocalRegistry registry;
    private static OciLayout.Blob manifest;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY) && Files.isExecutable(Path.of("/usr/bin/skopeo")));
        tokens = TokenServer.start(dir);
        registry = LocalRegistry.start(dir, tokens.registryConfig(dir));
        OciLayout layout = new OciLayout(dir.resolve("layout"));
        manifest = layout.image("amd64", "t.txt");
        layout.tag("1", manifest, MediaTypes.OCI_MANIFEST);
        LocalRegistry.skopeo("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":1",
                "docker://" + registry.host() + "/berth/secure:1");
        tokens.requests.clear();
        tokens.rawQueries.clear();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
        if (tokens != null) tokens.close();
    }

    @BeforeEach
    void forgetRequests() {
        tokens.requests.clear();
        tokens.rawQueries.clear();
    }

    @Test
    void anonymousClientAnswersTheBearerChallengeWithAScopedToken() throws Exception {
        RegistryClient client = RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/secure"),
                new RegistryConfig(Set.of()), Optional.empty());

        assertThat(client.manifest("1").digest()).isEqualTo(manifest.digest());
        assertThat(tokens.requests).singleElement().satisfies(q -> {
            assertThat(q).containsEntry("scope", "repository:berth/secure:pull");
            assertThat(q).containsEntry("service", TokenServer.SERVICE);
        });
    }

    @Test
    void identityTokenIsExchangedThroughTheRefreshTokenGrant() throws Exception {
        RegistryClient client = RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/secure"),
                new RegistryConfig(Set.of()), Optional.of(new Credential("", "", "refresh-me", "")));

        assertThat(client.manifest("1").digest()).isEqualTo(manifest.digest());
        assertThat(tokens.requests).last().satisfies(q -> {
            assertThat(q).containsEntry("method", "POST").containsEntry("grant_type", "refresh_token")
                    .containsEntry("refresh_token", "refresh-me").containsEntry("scope", "repository:berth/secure:pull");
        });
    }

    @Test
    void registryTokenIsSentAsItIsWithoutAskingTheTokenServer() throws Exception {
        String token = tokens.tokenFor("repository:berth/secure:pull");
        int before = tokens.requests.size();
        RegistryClient client = RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/secure"),
                new RegistryConfig(Set.of()), Optional.of(new Credential("", "", "", token)));

        assertThat(client.manifest("1").digest()).isEqualTo(manifest.digest());
        assertThat(tokens.requests).hasSize(before);
    }

    @Test
    void pullThenPushThroughTokenAuth(@TempDir Path root) throws Exception {
        List<ProgressMessage> pushed = new ArrayList<>();
        try (Database db = Database.open(root.resolve("berth.db"))) {
            ContentStore content = ContentStore.open(root);
            LayerStore layers = LayerStore.open(root, db);
            EventService events = EventService.create();
            ImageStore images = ImageStore.open(db, content, layers, events);
            DistributionService distribution = DistributionService.create(content, layers, images, events,
                    new RegistryConfig(Set.of()));

            distribution.pull(registry.host() + "/berth/secure", "1", m -> {});
            ImageRecord image = images.lookup(Reference.parse(registry.host() + "/berth/secure:1")).orElseThrow();
            images.tag(Reference.parse(registry.host() + "/berth/copy:1"), image.id());
            distribution.push(registry.host() + "/berth/copy", "1", pushed::add);
        }
        assertThat(tokens.requests).extracting(q -> q.get("scope"))
                .contains("repository:berth/secure:pull", "repository:berth/copy:pull,push");
        // The layer was mounted from the repository it was pulled from, with one token for both.
        assertThat(pushed).extracting(ProgressMessage::status).contains("Mounted from berth/secure");
        assertThat(tokens.rawQueries).contains(
                "service=berth-test&scope=repository:berth/copy:pull,push&scope=repository:berth/secure:pull");
        String inspect = LocalRegistry.skopeo("inspect", "--tls-verify=false", "docker://" + registry.host() + "/berth/copy:1");
        assertThat(inspect).contains(manifest.digest().toString());
    }
}
