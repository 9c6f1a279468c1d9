package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rename, port and container prune through the berth CLI, printing what the docker CLI prints. */
class BerthContainerManagementIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @BeforeEach
    void berthCliNeedsBerthd() {
        Harness.assumeBerthd();
    }

    @Test
    void renameOfATakenNameFailsAsDockersDoes() {
        String a = harness.name("cli-a");
        String b = harness.name("cli-b");
        docker.ok("create", "--name", a, "busybox", "true");
        docker.ok("create", "--name", b, "busybox", "true");
        CommandResult berth = harness.berth().run("rename", a, b);
        CommandResult dockers = docker.run("rename", a, b);
        assertThat(berth.exitCode()).as(berth.describe()).isEqualTo(dockers.exitCode()).isEqualTo(1);
        assertThat(berth.stderr()).isEqualTo(dockers.stderr());
        harness.berth().ok("rename", a, a + "-renamed");
        assertThat(docker.inspect("{{.Name}}", a + "-renamed")).isEqualTo("/" + a + "-renamed");
        docker.ok("rm", a + "-renamed", b);
    }

    @Test
    void pruneListsWhatItRemovedAsDockersDoes() {
        String label = "it.cli-prune=" + harness.name("cli-prune");
        String id = docker.ok("create", "--label", label, "busybox", "true").out();
        CommandResult r = harness.berth().ok("container", "prune", "-f", "--filter", "label=" + label);
        assertThat(r.stdout()).isEqualTo("Deleted Containers:\n" + id + "\n\nTotal reclaimed space: 0B\n");
    }

    @Test
    void portOfAContainerWithoutPublishedPortsFailsForAPortAsDockersDoes() {
        String name = harness.name("cli-port");
        docker.ok("create", "--name", name, "busybox", "true");
        assertThat(harness.berth().ok("port", name).stdout()).isEmpty();
        CommandResult berth = harness.berth().run("port", name, "80");
        CommandResult dockers = docker.run("port", name, "80");
        assertThat(berth.exitCode()).as(berth.describe()).isEqualTo(dockers.exitCode()).isEqualTo(1);
        assertThat(berth.stderr()).isEqualTo(dockers.stderr());
        docker.ok("rm", name);
    }
}
