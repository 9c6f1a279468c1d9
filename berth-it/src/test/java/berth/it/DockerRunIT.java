package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker run} and its common flags, as the docker CLI drives them. */
class DockerRunIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void runRemovePrintsOutputAndLeavesNoContainer() {
        String name = harness.name("rm");
        CommandResult r = docker.run("run", "--rm", "--name", name, "busybox", "echo", "hello");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEqualTo("hello\n");
        CommandResult ps = docker.ok("ps", "-a", "-q", "--filter", "name=" + name);
        assertThat(ps.out()).as("container left after --rm: " + ps.describe()).isEmpty();
    }

    @Test
    void runDetachedPrintsFullIdAndLeavesContainerRunning() {
        String name = harness.name("detached");
        CommandResult r = docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        assertThat(r.out()).as(r.describe()).matches("[0-9a-f]{64}");
        assertThat(docker.inspect("{{.State.Running}} {{.Id}}", name)).isEqualTo("true " + r.out());
        docker.ok("rm", "-f", name);
    }

    @Test
    void runWithoutNameGetsGeneratedAdjectiveSurnameName() {
        String id = docker.ok("run", "-d", "busybox", "true").out();
        try {
            String name = docker.inspect("{{.Name}}", id);
            assertThat(name).as("generated name of " + id).matches("^/[a-z]+_[a-z]+$");
        } finally {
            docker.run("rm", "-f", id);
        }
    }

    @Test
    void runPassesEnvironmentVariables() {
        CommandResult r = docker.ok("run", "--rm", "-e", "FOO=bar", "-e", "EMPTY=", "busybox", "sh", "-c",
                "echo \"$FOO|$EMPTY|${EMPTY+set}\"");
        assertThat(r.out()).as(r.describe()).isEqualTo("bar||set");
    }

    @Test
    void runReadsEnvFile(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve("it.env");
        Files.writeString(envFile, "# a comment\nA=1\nB=two words\n");
        CommandResult r = docker.ok("run", "--rm", "--env-file", envFile.toString(), "busybox", "sh", "-c",
                "echo \"$A|$B\"");
        assertThat(r.out()).as(r.describe()).isEqualTo("1|two words");
    }

    @Test
    void runSetsWorkingDirectory() {
        CommandResult r = docker.ok("run", "--rm", "-w", "/tmp", "busybox", "pwd");
        assertThat(r.out()).as(r.describe()).isEqualTo("/tmp");
    }

    @Test
    void runCreatesMissingWorkingDirectory() {
        CommandResult r = docker.ok("run", "--rm", "-w", "/it/work/dir", "busybox", "pwd");
        assertThat(r.out()).as(r.describe()).isEqualTo("/it/work/dir");
    }

    @Test
    void runEntrypointReplacesImageCommand() {
        CommandResult r = docker.ok("run", "--rm", "--entrypoint", "echo", "busybox", "hi", "there");
        assertThat(r.out()).as(r.describe()).isEqualTo("hi there");
    }

    @Test
    void runAsUserSetsUidAndGid() {
        CommandResult r = docker.ok("run", "--rm", "-u", "1000:1000", "busybox", "sh", "-c", "id -u; id -g");
        assertThat(r.outLines()).as(r.describe()).containsExactly("1000", "1000");
    }

    @Test
    void runInteractiveForwardsPipedStdin() {
        CommandResult r = docker.runWithStdin("hi\n", "run", "-i", "--rm", "busybox", "cat");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEqualTo("hi\n");
    }

    @Test
    void aProcessThatLeavesItsStdinUnreadEndsCleanlyForTheClient() {
        // Both ends still hold stdin when the process exits: conmon (its attach socket is then reset, and the output
        // queued before the reset must be read all the same) and berthd (a close with the client's bytes unread
        // resets the client, which then reports an error instead of the exit code). Both raced, so a few runs.
        byte[] unread = new byte[2_000_000];
        for (int i = 0; i < 4; i++) {
            CommandResult r = docker.exec(unread, java.time.Duration.ofSeconds(60), "run", "-i", "--rm", "busybox", "echo", "hi");
            assertThat(r.stdout()).as(r.describe()).isEqualTo("hi\n");
            assertThat(r.exitCode()).as(r.describe()).isZero();
        }
    }

    @Test
    void runUsesImageCmdWhenNoCommandGiven() {
        CommandResult r = docker.runWithStdin("echo from-default-cmd\n", "run", "-i", "--rm", "busybox");
        assertThat(r.out()).as("busybox's CMD is sh, reading stdin: " + r.describe()).isEqualTo("from-default-cmd");
    }

    @Test
    void runSetsLabels() {
        String name = harness.name("label");
        docker.ok("run", "--name", name, "-l", "it.role=probe", "--label", "it.empty=", "busybox", "true");
        assertThat(docker.inspect("{{index .Config.Labels \"it.role\"}}|{{index .Config.Labels \"it.empty\"}}", name))
                .isEqualTo("probe|");
        docker.ok("rm", name);
    }

    @Test
    void runReturnsCommandExitCode() {
        CommandResult r = docker.run("run", "--rm", "busybox", "sh", "-c", "exit 3");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
    }

    @Test
    void runOfUnknownCommandExits127() {
        CommandResult r = docker.run("run", "--rm", "busybox", "it-no-such-command");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(127);
        assertThat(r.stderr()).as(r.describe()).contains("executable file not found");
    }

    @Test
    void runWithoutRemoveKeepsExitedContainer() {
        String name = harness.name("keep");
        CommandResult r = docker.run("run", "--name", name, "busybox", "sh", "-c", "echo kept; exit 2");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
        assertThat(r.out()).as(r.describe()).isEqualTo("kept");
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("exited 2");
        docker.ok("rm", name);
    }

    @Test
    void stdinStaysOpenWhenAnAttachedClientEndsItsInputAndStdinOnceIsFalse() {
        String name = harness.name("stdin-open");
        // run -d -i: OpenStdin without StdinOnce, so the container's stdin outlives each attached client
        docker.ok("run", "-d", "-i", "--name", name, "busybox", "sh", "-c", "read line; echo got:$line");
        try {
            CommandResult first = berth.it.harness.ProcessRunner.run(java.util.List.of("timeout", "-s", "KILL", "3",
                    "/usr/local/bin/docker", "attach", "--sig-proxy=false", name), docker.env(), new byte[0],
                    java.time.Duration.ofSeconds(30));
            assertThat(docker.inspect("{{.State.Running}}", name)).as(first.describe()).isEqualTo("true");
            CommandResult second = docker.exec("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.time.Duration.ofSeconds(60), "attach", name);
            assertThat(second.stdout()).as(second.describe()).contains("got:hello");
        } finally {
            docker.run("rm", "-f", name);
        }
    }
}
