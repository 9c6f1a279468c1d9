package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code docker stats} and {@code GET /containers/{id}/stats}, read from the containers' cgroups. */
class DockerStatsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();
    private final List<String> started = new java.util.ArrayList<>();

    private String sleeper(String hint, String... runArgs) {
        String name = harness.name(hint);
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(runArgs));
        args.addAll(List.of("busybox", "sleep", "300"));
        docker.ok(args.toArray(String[]::new));
        started.add(name);
        return name;
    }

    @AfterEach
    void removeContainers() {
        for (String name : started) docker.run("rm", "-f", name);
    }

    @Test
    void noStreamShowsTheMemoryLimitAndPids() {
        String name = sleeper("stats-limit", "--memory", "64m");
        CommandResult r = docker.ok("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", name);
        String[] f = r.out().split("\\|");
        assertThat(f[0]).isEqualTo(name);
        assertThat(f[1]).as(r.describe()).endsWith("/ 64MiB").doesNotStartWith("0B");
        assertThat(f[2]).isEqualTo("1");
    }

    @Test
    void anUnlimitedContainersLimitIsTheMachinesMemory() throws Exception {
        String name = sleeper("stats-unlimited");
        long memTotal = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) memTotal = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        JsonNode s = statsJson(name, "stream=0");
        assertThat(s.at("/memory_stats/limit").asLong()).isEqualTo(memTotal);
    }

    @Test
    void aBusyContainerShowsCpuAtOnceWithoutStreaming() {
        String name = harness.name("stats-busy");
        docker.ok("run", "-d", "--name", name, "--cpus", "0.5", "busybox", "sh", "-c", "while :; do :; done");
        started.add(name);
        Poll.sleep(1500);
        CommandResult r = docker.ok("stats", "--no-stream", "--format", "{{.CPUPerc}}", name);
        double percent = Double.parseDouble(r.out().replace("%", ""));
        // the quota caps it at 50% of one core; any load still leaves it well above idle
        assertThat(percent).as(r.describe()).isGreaterThan(5.0).isLessThan(70.0);
    }

    @Test
    void severalContainersAreListedByName() {
        String a = sleeper("stats-a");
        String b = sleeper("stats-b");
        CommandResult r = docker.ok("stats", "--no-stream", "--format", "{{.Name}}", a, b);
        assertThat(r.outLines()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void allIncludesStoppedContainers() {
        String running = sleeper("stats-running");
        String stopped = harness.name("stats-stopped");
        docker.ok("create", "--name", stopped, "busybox", "true");
        started.add(stopped);
        CommandResult r = docker.ok("stats", "--no-stream", "-a", "--format", "{{.Name}} {{.PIDs}}");
        assertThat(r.outLines()).contains(running + " 1", stopped + " 0");
        CommandResult plain = docker.ok("stats", "--no-stream", "--format", "{{.Name}}");
        assertThat(plain.outLines()).contains(running).doesNotContain(stopped);
    }

    @Test
    void streamingPrintsUpdatedRows() throws Exception {
        String name = sleeper("stats-stream");
        try (BackgroundCommand stats = docker.background("stats", "--format", "{{.Name}} {{.PIDs}}", name)) {
            Poll.until(Duration.ofSeconds(20)).check(() -> stats.lines().stream().filter(l -> l.contains(name + " 1")).count() >= 2,
                    () -> "two rows; got " + stats.lines());
        }
    }

    @Test
    void apiSampleHasDockersKeysAndPreviousSample() throws Exception {
        String name = sleeper("stats-api", "--pids-limit", "50", "--network", "none");
        statsJson(name, "stream=0");
        JsonNode s = statsJson(name, "stream=0");
        assertThat(s.get("name").asText()).isEqualTo("/" + name);
        assertThat(s.get("id").asText()).hasSize(64);
        for (String key : List.of("read", "preread", "pids_stats", "blkio_stats", "num_procs", "storage_stats", "cpu_stats",
                "precpu_stats", "memory_stats")) {
            assertThat(s.has(key)).as(key + " in " + s).isTrue();
        }
        assertThat(s.at("/pids_stats/limit").asLong()).isEqualTo(50);
        assertThat(s.at("/cpu_stats/online_cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.at("/cpu_stats/system_cpu_usage").asLong()).isGreaterThan(s.at("/precpu_stats/system_cpu_usage").asLong());
        assertThat(s.at("/memory_stats/stats").has("total_inactive_file") || s.at("/memory_stats/stats").has("inactive_file"))
                .as("the key the docker CLI subtracts as cache: " + s.get("memory_stats")).isTrue();
        assertThat(s.has("networks")).as("a loopback-only container has no network I/O to show").isFalse();
    }

    @Test
    void aContainerOnTheBridgeShowsItsInterfaceButNotLoopback() throws Exception {
        String name = sleeper("stats-bridge");
        JsonNode networks = statsJson(name, "stream=0").get("networks");
        assertThat(networks).as("networks").isNotNull();
        assertThat(networks.has("eth0")).as(networks.toString()).isTrue();
        assertThat(networks.has("lo")).as(networks.toString()).isFalse();
        assertThat(networks.at("/eth0/rx_bytes").isIntegralNumber()).as(networks.toString()).isTrue();
    }

    @Test
    void oneShotAnswersWithoutAPreviousSample() throws Exception {
        String name = sleeper("stats-oneshot");
        JsonNode s = statsJson(name, "stream=0&one-shot=1");
        assertThat(s.get("preread").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(s.at("/cpu_stats/cpu_usage/total_usage").asLong()).isPositive();
    }

    @Test
    void apiStreamSendsOneSampleASecond() {
        String name = sleeper("stats-apistream");
        CommandResult r = ProcessRunner.run(List.of("curl", "-s", "-m", "2.5", "--unix-socket", socket(),
                "http://berth/v1.50/containers/" + name + "/stats"), Map.of(), null, Duration.ofSeconds(30));
        assertThat(r.outLines().stream().filter(l -> l.startsWith("{\"name\":\"/" + name)).count())
                .as(r.describe()).isBetween(2L, 4L);
    }

    private String socket() {
        return docker.host().replaceFirst("^unix://", "");
    }

    private JsonNode statsJson(String name, String query) throws Exception {
        String body = ProcessRunner.run(List.of("curl", "-s", "--unix-socket", socket(),
                "http://berth/v1.50/containers/" + name + "/stats?" + query), Map.of(), null, Docker.DEFAULT_TIMEOUT)
                .requireSuccess().out();
        return new ObjectMapper().readTree(body);
    }
}
