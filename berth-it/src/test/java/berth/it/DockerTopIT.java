package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker top}: the host's ps, limited to the processes in the container's cgroup. */
class DockerTopIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void topListsOnlyTheContainersProcesses() {
        String name = harness.name("top");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "sleep 301 & sleep 302; echo done");
        try {
            CommandResult r = docker.ok("top", name);
            assertThat(r.outLines().getFirst()).contains("UID", "PID", "PPID", "CMD");
            assertThat(r.outLines().subList(1, r.outLines().size())).as(r.describe())
                    .hasSize(3).anyMatch(l -> l.endsWith("sleep 301")).anyMatch(l -> l.endsWith("sleep 302"));
        } finally {
            docker.ok("rm", "-f", name);
        }
    }

    @Test
    void psArgumentsChooseTheColumns() {
        String name = harness.name("top-args");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "303");
        try {
            CommandResult r = docker.ok("top", name, "-o", "pid,comm");
            assertThat(r.outLines()).as(r.describe()).hasSize(2);
            assertThat(r.outLines().getFirst().split("\\s+")).containsExactly("PID", "COMMAND");
            assertThat(r.outLines().get(1)).endsWith("sleep");
        } finally {
            docker.ok("rm", "-f", name);
        }
    }

    @Test
    void topOfAStoppedContainerIsRefusedAsByDocker() {
        String name = harness.name("top-stopped");
        String id = docker.ok("create", "--name", name, "busybox", "true").out();
        CommandResult r = docker.run("top", name);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).contains("container " + id + " is not running");
        docker.ok("rm", name);
    }
}
