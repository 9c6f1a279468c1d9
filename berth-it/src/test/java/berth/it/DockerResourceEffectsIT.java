package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the limits do to a container's processes: the OOM killer, the pids limit, the CPU quota. */
class DockerResourceEffectsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void memoryHogIsKilledAndReportedAsOomKilled() throws Exception {
        String name = harness.name("oom");
        // conmon also writes a bare "oom" file into its working directory, which berthd's is unless it says otherwise
        Path stray = Path.of("oom").toAbsolutePath();
        Files.deleteIfExists(stray);
        try (BackgroundCommand events = docker.background("events", "--filter", "container=" + name, "--format",
                "{{.Action}}")) {
            Poll.sleep(300); // subscribed before the container exists
            // tail keeps every byte of a file without newlines: /dev/zero grows it past any limit
            CommandResult r = docker.run("run", "--name", name, "--memory", "32m", "busybox", "tail", "/dev/zero");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(137);
            assertThat(docker.inspect("{{.State.OOMKilled}} {{.State.ExitCode}}", name)).isEqualTo("true 137");
            Poll.until(Duration.ofSeconds(10)).check(() -> events.lines().contains("oom"),
                    () -> "an oom event; got " + events.lines());
            assertThat(events.lines()).as("oom comes before die, as in Docker")
                    .containsSubsequence("oom", "die");
            if (!Harness.external()) assertThat(stray).as("no OOM file outside the container's directory").doesNotExist();
        }
        docker.ok("rm", name);
    }

    @Test
    void forkingPastThePidsLimitFails() {
        // 40 background sleeps asked for by a subshell, which dies at the first refused fork; the counters are then
        // read with shell builtins only, since the cgroup may have no room left for another process
        CommandResult r = docker.ok("run", "--rm", "--pids-limit", "20", "busybox", "sh", "-c",
                "(i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done) 2>/dev/null;"
                        + " read current < /sys/fs/cgroup/pids/pids.current; echo $current;"
                        + " while read k v; do [ \"$k\" = max ] && echo $v; done < /sys/fs/cgroup/pids/pids.events");
        String[] lines = r.out().split("\n");
        assertThat(Integer.parseInt(lines[0].strip())).as(r.describe()).isLessThanOrEqualTo(20);
        assertThat(lines).as("forks were refused: " + r.describe()).hasSize(2);
        assertThat(Long.parseLong(lines[1].strip())).as("forks were refused: " + r.describe()).isPositive();
    }

    @Test
    void busyLoopsUnderHalfACpuGetAboutHalfACore() throws Exception {
        String name = harness.name("halfcpu");
        // two busy loops could use both cores without the quota
        String id = docker.ok("run", "-d", "--name", name, "--cpus", "0.5", "busybox", "sh", "-c",
                "while :; do :; done & while :; do :; done").out();
        Path cpuacct = Path.of("/sys/fs/cgroup/cpuacct/berth", id, "cpuacct.usage");
        Path cpuQuota = Path.of("/sys/fs/cgroup/cpu/berth", id, "cpu.cfs_quota_us");
        try {
            Poll.sleep(500);
            long used0 = Long.parseLong(Files.readString(cpuacct).strip());
            long t0 = System.nanoTime();
            Poll.sleep(3000);
            long used = Long.parseLong(Files.readString(cpuacct).strip()) - used0;
            double cores = (double) used / (System.nanoTime() - t0);
            // tolerant: the quota caps at 0.5 per period; a loaded machine may give less, never much more
            assertThat(cores).as("cores used").isLessThan(0.65);
            // on a busy machine the loops may get less than their quota and never be throttled: the bound is the test
            assertThat(Files.readString(cpuQuota).strip()).as("the quota in force").isEqualTo("50000");
        } finally {
            docker.ok("rm", "-f", name);
        }
    }
}
