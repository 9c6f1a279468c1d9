package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.engine.content.Digest;
import berth.engine.image.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth (the registry's htpasswd mode): a credential is sent after the challenge; without one, 401 stays. */
class RegistryBasicAuthTest {
    /** bcrypt of "secret" (python3 crypt, METHOD_BLOWFISH): the registry's htpasswd accepts only bcrypt. */
    private static final String HTPASSWD = "berth:$2b$12$cRj/TMDTxpnhY5yw.8KoD.CQILXD938ur06.cwSsdB22gdoWG9mFy\n";
    private static final Digest ABSENT = Digest.sha256(new byte[] {1, 2, 3});
    private static LocalRegistry registry;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(LocalRegistry.BINARY));
        Files.writeString(dir.resolve("htpasswd"), HTPASSWD);
        registry = LocalRegistry.start(dir, """
                auth:
                  htpasswd: {realm: berth, path: %s}
                """.formatted(dir.resolve("htpasswd")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) registry.close();
    }

    private static RegistryClient client(Optional<Credential> credential) {
        return RegistryClient.forRepository(Reference.parse(registry.host() + "/berth/basic"),
                new RegistryConfig(Set.of()), credential);
    }

    @Test
    void credentialAnswersTheBasicChallenge() throws Exception {
        assertThat(client(Optional.of(new Credential("berth", "secret"))).blobExists(ABSENT, true)).isFalse();
    }

    @Test
    void withoutCredentialTheRequestFailsInDockersWords() {
        // measured: Docker 20.10 against docker-registry with htpasswd, no login
        assertThatThrownBy(() -> client(Optional.empty()).manifest("latest"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.withRequest()).isEqualTo("Get \"http://" + registry.host()
                            + "/v2/berth/basic/manifests/latest\": no basic auth credentials");
                });
    }

    @Test
    void wrongPasswordOnAPullIsUnauthorizedInDockersWords() {
        assertThatThrownBy(() -> client(Optional.of(new Credential("berth", "wrong"))).manifest("latest"))
                .isInstanceOfSatisfying(RegistryException.class, e ->
                        assertThat(PullErrors.manifest(Reference.parse(registry.host() + "/berth/basic:latest"), e))
                                .hasMessage("unauthorized: authentication required"));
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> client(Optional.of(new Credential("berth", "wrong"))).blobExists(ABSENT, true))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
