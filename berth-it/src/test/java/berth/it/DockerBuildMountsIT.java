package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What RUN --mount does across builds and with Berth's own secret transport (one build's mounts are in the
 * Dockerfile corpus: run-mount-*): cache mounts outlive a build until {@code builder prune}, secrets given with
 * {@code berth build --secret} reach the step and nothing else, a required one that is missing fails the build, and
 * RUN --network=host is refused.
 */
class DockerBuildMountsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    @TempDir
    Path dir;

    private final Docker docker = harness.docker();

    @BeforeAll
    static void onlyAgainstBerthd() {
        Harness.assumeBerthd();
    }

    private String dockerfile(String text) throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), text);
        return dir.toString();
    }

    @Test
    void cacheMountKeepsItsContentAcrossBuildsUntilBuilderPrune() throws IOException {
        String id = harness.name("cache-id");
        String context = dockerfile("FROM busybox\nRUN --mount=type=cache,target=/c,id=" + id
                + " echo run >> /c/runs && wc -l < /c/runs > /count\n");
        String image = harness.track(harness.name("cache-mount") + ":1");
        docker.ok("build", "-q", "--no-cache", "-t", image, context);
        docker.ok("build", "-q", "--no-cache", "-t", image, context);
        assertThat(docker.ok("run", "--rm", image, "cat", "/count").out()).isEqualTo("2");

        docker.ok("builder", "prune", "-f");
        docker.ok("build", "-q", "-t", image, context);
        assertThat(docker.ok("run", "--rm", image, "cat", "/count").out()).isEqualTo("1");
    }

    @Test
    void secretFromBerthBuildReachesTheStepButNoLayerHistoryOrMountPoint() throws IOException {
        Path secret = dir.resolve("token.txt");
        Files.writeString(secret, "s3cr3t-value");
        String context = dockerfile("""
                FROM busybox
                RUN --mount=type=secret,id=tok,required --mount=type=secret,id=tok,env=TOK \\
                    test "$(cat /run/secrets/tok)" = "$TOK" && stat -c '%a %s' /run/secrets/tok > /mode
                """);
        String image = harness.track(harness.name("secret") + ":1");
        CommandResult r = harness.berth().run("build", "--secret", "id=tok,src=" + secret, "-t", image, context);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).doesNotContain("s3cr3t-value");
        assertThat(docker.ok("run", "--rm", image, "cat", "/mode").out()).isEqualTo("400 12");
        assertThat(docker.run("run", "--rm", image, "ls", "/run").exitCode()).isNotZero();
        assertThat(docker.ok("history", "--no-trunc", image).out()).doesNotContain("s3cr3t-value");
        assertThat(docker.ok("image", "inspect", image).out()).doesNotContain("s3cr3t-value");
    }

    @Test
    void requiredSecretTheBuildWasNotGivenFailsTheBuild() throws IOException {
        String context = dockerfile("FROM busybox\nRUN --mount=type=secret,id=missing-one,required true\n");
        CommandResult r = docker.run("build", context);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("secret missing-one not found");
    }

    @Test
    void runWithHostNetworkIsRefusedAsAnEntitlement() throws IOException {
        String context = dockerfile("FROM busybox\nRUN --network=host true\n");
        CommandResult r = docker.run("build", context);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("network.host");
    }
}
