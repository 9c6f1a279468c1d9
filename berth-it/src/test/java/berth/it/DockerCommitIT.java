package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker commit: the container's writable layer on top of its image, with history and config changes. */
class DockerCommitIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private String stoppedAfter(String hint, String script) {
        String name = harness.name(hint);
        docker.ok("run", "--name", name, "busybox", "sh", "-c", script);
        return name;
    }

    @Test
    void committedImageRunsWithTheContainersFiles() {
        String name = stoppedAfter("commit-files", "mkdir /work && echo saved > /work/note");
        String image = harness.name("committed") + ":v1";
        CommandResult r = docker.ok("commit", name, image);
        assertThat(r.out()).matches("sha256:[0-9a-f]{64}");
        assertThat(docker.ok("run", "--rm", image, "cat", "/work/note").out()).isEqualTo("saved");
        docker.ok("rm", name);
        docker.ok("rmi", image);
    }

    @Test
    void fileDeletedInTheContainerIsHiddenInTheImage() {
        String name = stoppedAfter("commit-delete", "rm /etc/group && rm -r /tmp");
        String image = harness.name("deleted") + ":v1";
        docker.ok("commit", name, image);
        CommandResult r = docker.run("run", "--rm", image, "sh", "-c", "ls /etc/group /tmp");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(docker.ok("run", "--rm", image, "cat", "/etc/passwd").out()).startsWith("root:");
        docker.ok("rm", name);
        docker.ok("rmi", image);
    }

    @Test
    void commitOfRunningContainerCapturesItsFilesAndKeepsItRunning() {
        String name = harness.name("commit-running");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "echo live > /state; sleep 300");
        berth.it.harness.Poll.until(java.time.Duration.ofSeconds(20)).check(
                () -> docker.run("cp", name + ":/state", "-").succeeded(), () -> "/state never appeared");
        String image = harness.name("live") + ":v1";
        docker.ok("commit", name, image);
        assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("running");
        assertThat(docker.ok("run", "--rm", image, "cat", "/state").out()).isEqualTo("live");
        docker.ok("rm", "-f", name);
        docker.ok("rmi", image);
    }

    @Test
    void changesApplyToTheImageConfig() {
        String name = stoppedAfter("commit-changes", "true");
        String image = harness.name("changed") + ":v1";
        docker.ok("commit", "-c", "ENV GREETING=hello", "-c", "WORKDIR /srv", "-c", "USER nobody",
                "-c", "EXPOSE 8080", "-c", "LABEL team=infra", "-c", "VOLUME /cache",
                "-c", "ENTRYPOINT [\"sh\", \"-c\"]", "-c", "CMD [\"echo $GREETING from $(pwd) as $(whoami)\"]",
                name, image);
        assertThat(docker.ok("run", "--rm", image).out()).isEqualTo("hello from /srv as nobody");
        assertThat(docker.inspect("{{json .Config.ExposedPorts}} {{.Config.Labels.team}} {{json .Config.Volumes}}", image))
                .isEqualTo("{\"8080/tcp\":{}} infra {\"/cache\":{}}");
        docker.ok("rm", name);
        docker.ok("rmi", image);
    }

    @Test
    void messageAndAuthorAreInTheImageAndItsHistory() {
        String name = stoppedAfter("commit-meta", "echo x > /x");
        String image = harness.name("meta") + ":v1";
        docker.ok("commit", "-m", "added x", "-a", "Ada <ada@example.org>", name, image);
        assertThat(docker.inspect("{{.Comment}}|{{.Author}}", image)).isEqualTo("added x|Ada <ada@example.org>");
        CommandResult history = docker.ok("history", "--no-trunc", "--format", "{{.Comment}}", image);
        assertThat(history.outLines().getFirst()).isEqualTo("added x");
        assertThat(docker.inspect("{{len .RootFS.Layers}}", image))
                .isEqualTo(String.valueOf(Integer.parseInt(docker.inspect("{{len .RootFS.Layers}}", "busybox")) + 1));
        docker.ok("rm", name);
        docker.ok("rmi", image);
    }

    @Test
    void unknownChangeIsRefusedWithDockersMessage() {
        String name = stoppedAfter("commit-bad", "true");
        String image = harness.name("bad") + ":v1";
        CommandResult r = docker.run("commit", "-c", "FROBNICATE now", name, image);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("frobnicate is not a valid change command");
        assertThat(docker.run("image", "inspect", image).exitCode()).as("no image was made").isNotZero();
        docker.ok("rm", name);
    }

    @Test
    void commitIsAContainerEvent() {
        String name = stoppedAfter("commit-event", "true");
        String image = harness.name("evt") + ":v1";
        String since = String.valueOf(System.currentTimeMillis() / 1000 - 1);
        docker.ok("commit", name, image);
        String until = String.valueOf(System.currentTimeMillis() / 1000 + 1);
        CommandResult events = docker.ok("events", "--since", since, "--until", until, "--filter", "container=" + name,
                "--format", "{{.Type}} {{.Action}}");
        assertThat(events.outLines()).contains("container commit");
        docker.ok("rm", name);
        docker.ok("rmi", image);
    }
}
