package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cgroup limits given to {@code docker run}, read back from inside the container: runc bind-mounts the container's own
 * v1 cgroup directories at /sys/fs/cgroup/&lt;controller&gt;. Values Docker refuses are refused before anything is
 * created, with Docker's messages.
 */
class DockerResourceLimitsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private String inside(String... runArgsThenCommand) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
        args.addAll(List.of(runArgsThenCommand));
        return docker.ok(args.toArray(String[]::new)).out();
    }

    @Test
    void memoryLimitIsTheCgroupsLimit() {
        assertThat(inside("--memory", "32m", "busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"))
                .isEqualTo("33554432");
    }

    @Test
    void swapDefaultsToTwiceTheMemoryLimitAsInDocker() {
        String name = harness.name("swapdefault");
        docker.ok("create", "--name", name, "--memory", "32m", "busybox", "true");
        assertThat(docker.inspect("{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", name)).isEqualTo("33554432 67108864");
        docker.ok("rm", name);
    }

    @Test
    void memorySwapAndReservationAreApplied() {
        assertThat(inside("--memory", "32m", "--memory-swap", "48m", "--memory-reservation", "16m", "busybox", "cat",
                "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes"))
                .isEqualTo("50331648\n16777216");
    }

    @Test
    void oomKillDisableTurnsTheCgroupsOomKillerOff() {
        assertThat(inside("--memory", "32m", "--oom-kill-disable", "busybox", "cat",
                "/sys/fs/cgroup/memory/memory.oom_control")).contains("oom_kill_disable 1");
    }

    @Test
    void cpusBecomeACfsQuotaOverDockersPeriod() {
        assertThat(inside("--cpus", "0.5", "busybox", "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us",
                "/sys/fs/cgroup/cpu/cpu.cfs_period_us")).isEqualTo("50000\n100000");
    }

    @Test
    void cpuSharesPeriodAndQuotaAreApplied() {
        assertThat(inside("--cpu-shares", "512", "--cpu-period", "50000", "--cpu-quota", "25000", "busybox", "cat",
                "/sys/fs/cgroup/cpu/cpu.shares", "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"))
                .isEqualTo("512\n50000\n25000");
    }

    @Test
    void cpusetCpusAndMemsAreApplied() {
        assertThat(inside("--cpuset-cpus", "0", "--cpuset-mems", "0", "busybox", "cat",
                "/sys/fs/cgroup/cpuset/cpuset.cpus", "/sys/fs/cgroup/cpuset/cpuset.mems")).isEqualTo("0\n0");
    }

    @Test
    void pidsLimitIsTheCgroupsMaximum() {
        assertThat(inside("--pids-limit", "20", "busybox", "cat", "/sys/fs/cgroup/pids/pids.max")).isEqualTo("20");
    }

    @Test
    void deviceReadBpsThrottlesTheDevice() throws IOException {
        String[] device = someBlockDevice();
        assertThat(inside("--device-read-bps", device[0] + ":1mb", "busybox", "cat",
                "/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device")).isEqualTo(device[1] + " 1048576");
    }

    @Test
    void blkioWeightIsRefusedWhereTheKernelHasNoWeight() {
        Assumptions.assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.weight"))
                || Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.bfq.weight")), "this kernel has block I/O weights");
        CommandResult r = docker.run("run", "--rm", "--blkio-weight", "300", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("Your kernel does not support Block I/O weight", "--blkio-weight");
    }

    @Test
    void kernelMemoryIsRefusedFromClientsOfOldApiVersions() {
        // API 1.42 dropped the field, so the docker CLI sends it only when it speaks an older version
        Map<String, String> env = new HashMap<>(docker.env());
        env.put("DOCKER_API_VERSION", "1.41");
        String name = harness.name("kmem");
        CommandResult r = ProcessRunner.run(List.of("/usr/local/bin/docker", "create", "--name", name, "--kernel-memory",
                "10m", "busybox", "true"), env, null, Docker.DEFAULT_TIMEOUT);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).contains("KernelMemory (--kernel-memory)");
        assertThat(docker.run("inspect", name).exitCode()).as("nothing was created").isNotZero();
    }

    @Test
    void memoryBelowDockersMinimumIsRefusedBeforeCreate() {
        String name = harness.name("tinymem");
        CommandResult r = docker.run("run", "--name", name, "--memory", "1k", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("Minimum memory limit allowed is 6MB");
        assertThat(docker.run("inspect", name).exitCode()).as("nothing was created").isNotZero();
    }

    @Test
    void cpusBeyondTheMachineAreRefused() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String expected = "range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available";
        for (String value : List.of("99", "-1")) {
            CommandResult r = docker.run("run", "--rm", "--cpus", value, "busybox", "true");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).as(r.describe()).contains(expected);
        }
    }

    @Test
    void swapBelowMemoryIsRefusedWithDockersMessage() {
        CommandResult r = docker.run("run", "--rm", "--memory", "32m", "--memory-swap", "16m", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("Minimum memoryswap limit should be larger than memory limit");
    }

    @Test
    void cpusetNamingAbsentCpusIsRefused() {
        CommandResult r = docker.run("run", "--rm", "--cpuset-cpus", "4096", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("Requested CPUs are not available - requested 4096");
    }

    /** A block device of this machine: its /dev path and "major:minor". */
    private static String[] someBlockDevice() throws IOException {
        try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
            for (Path b : blocks.sorted().toList()) {
                Path dev = Path.of("/dev", b.getFileName().toString());
                if (!Files.exists(dev) || !Files.exists(b.resolve("dev"))) continue;
                return new String[] {dev.toString(), Files.readString(b.resolve("dev")).strip()};
            }
        }
        Assumptions.abort("no block device on this machine");
        return null;
    }
}
