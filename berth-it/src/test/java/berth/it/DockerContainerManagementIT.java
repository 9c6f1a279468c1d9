package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rename, container prune, port, and stop's timeout, through the docker CLI. */
class DockerContainerManagementIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void renameGivesTheSameContainerANewName() {
        String before = harness.name("before");
        String after = harness.name("after");
        String id = docker.ok("create", "--name", before, "busybox", "true").out();
        docker.ok("rename", before, after);
        assertThat(docker.inspect("{{.Id}} {{.Name}}", after)).isEqualTo(id + " /" + after);
        assertThat(docker.run("inspect", before).exitCode()).isEqualTo(1);
        assertThat(docker.ok("ps", "-a", "--filter", "id=" + id, "--format", "{{.Names}}").out()).isEqualTo(after);
        docker.ok("rm", after);
    }

    @Test
    void renameToATakenNameIsRefusedAndChangesNothing() {
        String a = harness.name("first");
        String b = harness.name("second");
        docker.ok("create", "--name", a, "busybox", "true");
        String bId = docker.ok("create", "--name", b, "busybox", "true").out();
        CommandResult r = docker.run("rename", a, b);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Error response from daemon: Error when allocating new name: Conflict. The "
                + "container name \"/" + b + "\" is already in use by container \"" + bId + "\". You have to remove "
                + "(or rename) that container to be able to reuse that name.");
        assertThat(docker.inspect("{{.Name}}", a)).isEqualTo("/" + a);
        assertThat(docker.inspect("{{.Id}}", b)).isEqualTo(bId);
        docker.ok("rm", a, b);
    }

    @Test
    void renameIsAnEventNamingTheOldName() throws Exception {
        String old = harness.name("old");
        String renamed = harness.name("renamed");
        String id = docker.ok("run", "-d", "--name", old, "busybox", "sleep", "300").out();
        try (BackgroundCommand events = docker.background("events", "--filter", "container=" + id, "--filter",
                "event=rename", "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.oldName}}")) {
            Poll.sleep(500);
            docker.ok("rename", old, renamed);
            Poll.until(Duration.ofSeconds(30)).check(() -> events.lines().contains("rename " + renamed + " /" + old),
                    events::describe);
        }
        docker.ok("rm", "-f", renamed);
    }

    @Test
    void pruneRemovesStoppedContainersAndReportsTheirSpace() {
        String label = "it.prune=" + harness.name("space");
        // dd's report goes nowhere: the container's log counts in its size too
        String exited = docker.ok("run", "--label", label, "-d", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/f bs=1024 count=100 2>/dev/null").out();
        docker.ok("wait", exited);
        String running = docker.ok("run", "-d", "--label", label, "busybox", "sleep", "300").out();
        CommandResult prune = docker.ok("container", "prune", "-f", "--filter", "label=" + label);
        assertThat(prune.out()).contains(exited).doesNotContain(running).contains("Total reclaimed space: 102.4kB");
        assertThat(docker.run("inspect", exited).exitCode()).isEqualTo(1);
        assertThat(docker.inspect("{{.State.Status}}", running)).isEqualTo("running");
        docker.ok("rm", "-f", running);
    }

    @Test
    void pruneKeepsContainersCreatedAfterUntil() {
        String label = "it.prune=" + harness.name("until");
        String id = docker.ok("create", "--label", label, "busybox", "true").out();
        assertThat(docker.ok("container", "prune", "-f", "--filter", "label=" + label, "--filter", "until=1h").out())
                .doesNotContain(id);
        String later = Long.toString(Instant.now().plusSeconds(3600).getEpochSecond());
        assertThat(docker.ok("container", "prune", "-f", "--filter", "label=" + label, "--filter", "until=" + later).out())
                .contains(id);
    }

    @Test
    void pruneKeepsContainersWithAnExcludedLabel() {
        String group = "it.prune=" + harness.name("labels");
        String kept = docker.ok("create", "--label", group, "--label", "it.keep=yes", "busybox", "true").out();
        String pruned = docker.ok("create", "--label", group, "busybox", "true").out();
        CommandResult prune = docker.ok("container", "prune", "-f", "--filter", "label=" + group, "--filter",
                "label!=it.keep=yes");
        assertThat(prune.out()).contains(pruned).doesNotContain(kept);
        docker.ok("rm", kept);
    }

    @Test
    void pruneIsAnEventWithTheReclaimedSpace() throws Exception {
        String label = "it.prune=" + harness.name("event");
        docker.ok("create", "--label", label, "busybox", "true");
        try (BackgroundCommand events = docker.background("events", "--filter", "type=container", "--filter",
                "event=prune", "--format", "{{.Action}} {{.Actor.Attributes.reclaimed}}")) {
            Poll.sleep(500);
            docker.ok("container", "prune", "-f", "--filter", "label=" + label);
            Poll.until(Duration.ofSeconds(30)).check(() -> events.lines().contains("prune 0"), events::describe);
        }
    }

    @Test
    void pruneRefusesAFilterItDoesNotKnow() {
        CommandResult r = docker.run("container", "prune", "-f", "--filter", "colour=red");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("invalid filter 'colour'");
    }

    @Test
    void stopWithTimeoutMinusOneWaitsForTheContainerToExit() {
        String name = harness.name("patient");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c",
                "trap 'sleep 2; exit 7' TERM; echo ready; while true; do sleep 0.1; done");
        Poll.until(Duration.ofSeconds(30)).check(() -> docker.run("logs", name).stdout().contains("ready"),
                () -> docker.run("logs", name).describe());
        docker.ok("stop", "-t", "-1", name);
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("exited 7");
        docker.ok("rm", name);
    }

    @Test
    void portOfAContainerWithoutPublishedPortsIsEmpty() {
        String name = harness.name("ports");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        CommandResult all = docker.ok("port", name);
        assertThat(all.out()).isEmpty();
        CommandResult one = docker.run("port", name, "80/tcp");
        assertThat(one.exitCode()).as(one.describe()).isEqualTo(1);
        assertThat(one.stderr()).contains("No public port '80/tcp' published for " + name);
        docker.ok("rm", "-f", name);
    }
}
