package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthRoot;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that wants a login (Debian's docker-registry with an htpasswd file made by apache2-utils' htpasswd). The
 * docker CLI sends the login from its config.json as X-Registry-Auth; berthd must hand it to the registry for pull
 * and push, fail as Docker does without it or with a wrong one, and never write it down.
 */
class DockerRegistryAuthIT {
    private static final String USER = "berth";
    private static final String PASSWORD = "it-Secret-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final Harness harness = Harness.shared();

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static Path goodConfig;
    private static Path wrongConfig;
    private static Path noConfig;

    @BeforeAll
    static void start() throws IOException {
        Path htpasswd = dir.resolve("htpasswd");
        CommandResult made = ProcessRunner.run(List.of("htpasswd", "-Bbn", USER, PASSWORD), Map.of(), null,
                Duration.ofSeconds(30)).requireSuccess();
        Files.writeString(htpasswd, made.stdout());
        registry = LocalRegistry.start("auth:\n  htpasswd:\n    realm: berth-it\n    path: " + htpasswd + "\n");
        goodConfig = dockerConfig("good", USER, PASSWORD);
        wrongConfig = dockerConfig("wrong", USER, "not-" + PASSWORD);
        noConfig = Files.createDirectories(dir.resolve("none"));
        Files.writeString(noConfig.resolve("config.json"), "{}");
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    /** What {@code docker login} would have written, made directly (RegistryLoginIT covers the login itself). */
    private static Path dockerConfig(String name, String user, String password) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(d.resolve("config.json"), "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        return d;
    }

    private static CommandResult docker(Path config, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(BerthRoot.DOCKER));
        cmd.addAll(List.of(args));
        return ProcessRunner.run(cmd, Map.of("DOCKER_HOST", harness.docker().host(), "DOCKER_CONFIG", config.toString()),
                null, Docker.DEFAULT_TIMEOUT);
    }

    private String pushedImage(String hint) {
        String ref = harness.image(registry.address() + "/it/" + hint);
        harness.docker().ok("tag", "busybox", ref);
        CommandResult push = docker(goodConfig, "push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        return ref;
    }

    @Test
    void pushAndPullSucceedWithTheLogin() {
        String ref = pushedImage("good");
        harness.docker().ok("rmi", ref);

        CommandResult pull = docker(goodConfig, "pull", ref);

        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(harness.docker().ok("run", "--rm", ref, "echo", "pulled with a login").out()).isEqualTo("pulled with a login");
        harness.docker().ok("rmi", ref);
    }

    @Test
    void withoutLoginPullAndPushFailInDockersWords() {
        String ref = pushedImage("none");
        harness.docker().ok("rmi", ref);

        CommandResult pull = docker(noConfig, "pull", ref);
        String repo = ref.substring(registry.address().length() + 1, ref.lastIndexOf(':'));
        String tag = ref.substring(ref.lastIndexOf(':') + 1);
        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        assertThat(pull.stderr()).as(pull.describe()).contains("Get \"http://" + registry.address() + "/v2/" + repo
                + "/manifests/" + tag + "\": no basic auth credentials");

        harness.docker().ok("tag", "busybox", ref);
        CommandResult push = docker(noConfig, "push", ref);
        assertThat(push.exitCode()).as(push.describe()).isEqualTo(1);
        assertThat(push.stderr() + push.stdout()).as(push.describe()).contains("no basic auth credentials");
        harness.docker().ok("rmi", ref);
    }

    @Test
    void wrongPasswordIsUnauthorizedInDockersWords() {
        String ref = pushedImage("wrong");
        harness.docker().ok("rmi", ref);

        CommandResult pull = docker(wrongConfig, "pull", ref);

        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        assertThat(pull.stderr()).as(pull.describe()).contains("unauthorized: authentication required");
    }

    @Test
    void theLoginNeverReachesTheLog() throws IOException {
        String ref = pushedImage("log");
        harness.docker().ok("rmi", ref);
        docker(goodConfig, "pull", ref).requireSuccess();
        docker(wrongConfig, "pull", ref);
        harness.docker().ok("rmi", ref);

        String log = Files.readString(harness.berthd().logFile());
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(log).as("berthd's debug log").doesNotContain(PASSWORD).doesNotContain(basic);
    }
}
