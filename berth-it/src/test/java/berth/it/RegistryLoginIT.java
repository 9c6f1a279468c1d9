package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthRoot;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.ProcessRunner;
import berth.it.harness.TokenService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logins: {@code POST /auth} as the docker CLI's {@code docker login} uses it, {@code berth login}/{@code logout}
 * writing the docker CLI's config.json (or a credential helper), and the Bearer token flow of a registry configured
 * for token auth (Debian's docker-registry beside a token service in the test JVM). The secret goes to the registry
 * it belongs to and nowhere else.
 */
class RegistryLoginIT {
    private static final String USER = "berth";
    private static final String PASSWORD = "login-Secret-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final Harness harness = Harness.shared();

    @TempDir
    static Path dir;
    private static LocalRegistry basic;
    private static TokenService tokens;
    private static LocalRegistry tokenRegistry;
    private static int configs;

    @BeforeAll
    static void start() throws IOException {
        Path htpasswd = dir.resolve("htpasswd");
        CommandResult made = ProcessRunner.run(List.of("htpasswd", "-Bbn", USER, PASSWORD), Map.of(), null,
                Duration.ofSeconds(30)).requireSuccess();
        Files.writeString(htpasswd, made.stdout());
        basic = LocalRegistry.start("auth:\n  htpasswd:\n    realm: berth-it\n    path: " + htpasswd + "\n");
        tokens = TokenService.start(dir, USER, PASSWORD);
        tokenRegistry = LocalRegistry.start(tokens.registryConfig());
    }

    @AfterAll
    static void stop() {
        if (basic != null) basic.close();
        if (tokenRegistry != null) tokenRegistry.close();
        if (tokens != null) tokens.close();
    }

    /** An empty docker config directory, or one holding {@code configJson}. */
    private static synchronized Path config(String configJson) throws IOException {
        Path d = Files.createDirectories(dir.resolve("config-" + configs++));
        if (configJson != null) Files.writeString(d.resolve("config.json"), configJson);
        return d;
    }

    private static CommandResult docker(Path config, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BerthRoot.DOCKER));
        cmd.addAll(List.of(args));
        return ProcessRunner.run(cmd, Map.of("DOCKER_HOST", harness.docker().host(), "DOCKER_CONFIG", config.toString()),
                stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), Docker.DEFAULT_TIMEOUT);
    }

    private static CommandResult berth(Path config, String stdin, String... args) {
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString(),
                "PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        return harness.berth().exec(env, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    private static String basicAuth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** busybox tagged into {@code registry} and pushed with a good login. */
    private String pushed(LocalRegistry registry, String hint) throws IOException {
        String ref = harness.image(registry.address() + "/it/" + hint);
        harness.docker().ok("tag", "busybox", ref);
        Path login = config("{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + basicAuth(USER, PASSWORD) + "\"}}}");
        CommandResult push = docker(login, null, "push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        harness.docker().ok("rmi", ref);
        return ref;
    }

    @Test
    void dockerLoginThroughBerthdSucceedsAndStoresTheLogin() throws IOException {
        Path config = config(null);

        CommandResult r = docker(config, PASSWORD, "login", "-u", USER, "--password-stdin", basic.address());

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("Login Succeeded");
        assertThat(Files.readString(config.resolve("config.json"))).contains(basicAuth(USER, PASSWORD));
    }

    @Test
    void aWrongPasswordIsRefusedInDockersWords() throws IOException {
        Path config = config(null);

        CommandResult r = docker(config, "not-" + PASSWORD, "login", "-u", USER, "--password-stdin", basic.address());

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("login attempt to http://" + basic.address() + "/v2/ failed with status: 401 Unauthorized")
                .doesNotContain(PASSWORD);
        assertThat(config.resolve("config.json")).doesNotExist();
    }

    @Test
    void berthLoginStoresTheLoginThatPushAndPullUseAndLogoutForgetsIt() throws IOException {
        Path config = config(null);
        String ref = harness.image(basic.address() + "/it/berth-login");
        harness.docker().ok("tag", "busybox", ref);

        CommandResult login = berth(config, PASSWORD + "\n", "login", "-u", USER, "--password-stdin", basic.address());

        assertThat(login.exitCode()).as(login.describe()).isZero();
        assertThat(login.stdout()).contains("Login Succeeded");
        assertThat(Files.readString(config.resolve("config.json"))).contains("\"" + basic.address() + "\"")
                .contains(basicAuth(USER, PASSWORD));
        assertThat(Files.getPosixFilePermissions(config.resolve("config.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(berth(config, null, "push", ref).exitCode()).isZero();
        harness.docker().ok("rmi", ref);
        CommandResult pull = berth(config, null, "pull", ref);
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        harness.docker().ok("rmi", ref);

        CommandResult logout = berth(config, null, "logout", basic.address());

        assertThat(logout.stdout()).contains("Removing login credentials for " + basic.address());
        assertThat(Files.readString(config.resolve("config.json"))).doesNotContain(basic.address());
        CommandResult refused = berth(config, null, "pull", ref);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("no basic auth credentials");
    }

    @Test
    void aCredentialHelperKeepsTheSecretOutOfConfigJson() throws IOException {
        Path store = dir.resolve("helper-store.json");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path helper = bin.resolve("docker-credential-berthit");
        Files.writeString(helper, """
                #!/bin/sh
                # docker-credential-* protocol: get/erase read the server URL, store reads {ServerURL,Username,Secret}
                case "$1" in
                  store) cat > %1$s ;;
                  get) read url; if [ -f %1$s ]; then cat %1$s; else echo "credentials not found in native keychain"; exit 1; fi ;;
                  erase) read url; rm -f %1$s ;;
                esac
                """.formatted(store));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = config("{\"credsStore\":\"berthit\"}");
        String ref = pushed(basic, "helper");

        CommandResult login = berth(config, PASSWORD, "login", "-u", USER, "--password-stdin", basic.address());

        assertThat(login.exitCode()).as(login.describe()).isZero();
        assertThat(Files.readString(store)).contains(PASSWORD).contains(basic.address());
        assertThat(Files.readString(config.resolve("config.json"))).doesNotContain(PASSWORD)
                .doesNotContain(basicAuth(USER, PASSWORD)).contains("berthit");
        CommandResult pull = berth(config, null, "pull", ref);
        assertThat(pull.exitCode()).as("pulled with the helper's login: " + pull.describe()).isZero();
        harness.docker().ok("rmi", ref);

        assertThat(berth(config, null, "logout", basic.address()).exitCode()).isZero();
        assertThat(store).doesNotExist();
    }

    @Test
    void aTokenRegistryLoginHandsBackAnIdentityTokenThatLaterPullsExchange() throws IOException {
        String ref = pushed(tokenRegistry, "identity");
        Path config = config(null);

        CommandResult login = docker(config, PASSWORD, "login", "-u", USER, "--password-stdin", tokenRegistry.address());

        assertThat(login.exitCode()).as(login.describe()).isZero();
        String stored = Files.readString(config.resolve("config.json"));
        assertThat(stored).contains("identitytoken").doesNotContain(basicAuth(USER, PASSWORD));
        tokens.requests.clear();
        CommandResult pull = docker(config, null, "pull", ref);
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(tokens.requests).extracting(TokenService.Request::method).contains("POST");
        assertThat(tokens.requests).allSatisfy(r -> assertThat(r.authorization()).isNull());
        harness.docker().ok("rmi", ref);
    }

    @Test
    void aWrongPasswordAtATokenRegistryIsUnauthorized() throws IOException {
        CommandResult login = docker(config(null), "not-" + PASSWORD, "login", "-u", USER, "--password-stdin",
                tokenRegistry.address());

        assertThat(login.exitCode()).as(login.describe()).isEqualTo(1);
        assertThat(login.stderr()).contains("unauthorized: incorrect username or password").doesNotContain(PASSWORD);
    }

    @Test
    void anAnonymousTokenIsReusedUntilItExpires() throws IOException {
        String ref = pushed(tokenRegistry, "reuse");
        String scope = "repository:" + ref.substring(tokenRegistry.address().length() + 1, ref.lastIndexOf(':')) + ":pull";
        Path anonymous = config(null);

        assertThat(docker(anonymous, null, "pull", ref).exitCode()).isZero();
        harness.docker().ok("rmi", ref);
        assertThat(docker(anonymous, null, "pull", ref).exitCode()).isZero();

        assertThat(tokens.asking(scope)).as("token requests for " + scope).singleElement()
                .satisfies(r -> assertThat(r.authorization()).as("anonymous").isNull());
        harness.docker().ok("rmi", ref);
    }

    @Test
    void aTokenTheRegistryRefusesIsRenewedOnce() throws IOException {
        String ref = pushed(tokenRegistry, "renew");
        String scope = "repository:" + ref.substring(tokenRegistry.address().length() + 1, ref.lastIndexOf(':')) + ":pull";
        tokens.expireNext(1);

        CommandResult pull = docker(config(null), null, "pull", ref);

        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(tokens.asking(scope)).as("an expired token, then a good one").hasSize(2);
        harness.docker().ok("rmi", ref);
    }

    @Test
    void theLoginStaysOutOfEventsInspectErrorsAndTheLog() throws IOException {
        Instant since = Instant.now().minusSeconds(1);
        Path config = config(null);
        assertThat(docker(config, PASSWORD, "login", "-u", USER, "--password-stdin", basic.address()).exitCode()).isZero();
        String ref = pushed(basic, "secret");
        CommandResult pull = docker(config, null, "pull", ref);
        assertThat(pull.exitCode()).isZero();
        CommandResult missing = docker(config, null, "pull", basic.address() + "/it/secret:no-such-tag");
        String events = harness.docker().ok("events", "--since", Long.toString(since.getEpochSecond()), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--format", "{{json .}}").out();
        String inspect = harness.docker().ok("image", "inspect", ref).out();
        String log = Files.readString(harness.berthd().logFile());
        String encoded = basicAuth(USER, PASSWORD);

        assertThat(events).as("events").contains("pull").doesNotContain(PASSWORD).doesNotContain(encoded);
        assertThat(inspect).as("inspect").doesNotContain(PASSWORD).doesNotContain(encoded);
        assertThat(pull.stdout() + pull.stderr() + missing.stdout() + missing.stderr()).as("pull output and errors")
                .doesNotContain(PASSWORD).doesNotContain(encoded);
        assertThat(log).as("berthd's debug log").doesNotContain(PASSWORD).doesNotContain(encoded);
        harness.docker().ok("rmi", ref);
    }
}
