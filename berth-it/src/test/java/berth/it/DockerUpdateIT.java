package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker update}: a running container's cgroup changes at once, a stopped one's at its next start. */
class DockerUpdateIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void updateChangesARunningContainersCgroupAndInspect() throws Exception {
        String name = harness.name("upd-running");
        String id = docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300").out();
        try {
            CommandResult r = docker.ok("update", "--memory", "64m", "--memory-swap", "128m", "--cpus", "1",
                    "--pids-limit", "30", name);
            assertThat(r.out()).isEqualTo(name);
            assertThat(docker.inspect("{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}"
                    + " {{.HostConfig.PidsLimit}}", name)).isEqualTo("67108864 134217728 1000000000 30");
            assertThat(read("memory/berth/" + id + "/memory.limit_in_bytes")).isEqualTo("67108864");
            assertThat(read("cpu/berth/" + id + "/cpu.cfs_quota_us")).isEqualTo("100000");
            assertThat(read("pids/berth/" + id + "/pids.max")).isEqualTo("30");
        } finally {
            docker.ok("rm", "-f", name);
        }
    }

    @Test
    void updateOfAStoppedContainerHoldsAtItsNextStart() {
        String name = harness.name("upd-stopped");
        docker.ok("create", "--name", name, "busybox", "cat", "/sys/fs/cgroup/pids/pids.max");
        docker.ok("update", "--pids-limit", "25", name);
        assertThat(docker.inspect("{{.HostConfig.PidsLimit}}", name)).isEqualTo("25");
        assertThat(docker.ok("start", "-a", name).out()).isEqualTo("25");
        docker.ok("rm", name);
    }

    @Test
    void raisingMemoryAboveTheSwapLimitNeedsANewSwapLimitAsInDocker() {
        String name = harness.name("upd-swap");
        docker.ok("create", "--name", name, "--memory", "32m", "busybox", "true");
        CommandResult r = docker.run("update", "--memory", "128m", name);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).contains(
                "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
        assertThat(docker.inspect("{{.HostConfig.Memory}}", name)).isEqualTo("33554432");
        docker.ok("rm", name);
    }

    @Test
    void updateRefusesARestartPolicyItCannotRun() {
        String name = harness.name("upd-restart");
        docker.ok("create", "--name", name, "busybox", "true");
        CommandResult r = docker.run("update", "--restart", "always", name);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).contains("RestartPolicy (--restart)");
        docker.ok("rm", name);
    }

    private static String read(String relative) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", relative)).strip();
    }
}
