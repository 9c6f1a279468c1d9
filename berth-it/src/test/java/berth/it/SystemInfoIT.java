package berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import berth.api.Json;
import berth.it.harness.BackgroundCommand;
import berth.it.harness.BerthDaemon;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker info} and {@code docker version} against berthd tell what this machine and this berthd are: each
 * value is compared with the kernel, /proc, /etc or the daemon's configuration, read here independently.
 */
class SystemInfoIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @BeforeEach
    void berthdOnly() {
        assumeFalse(Harness.external(), "facts of the berthd this test starts");
    }

    private JsonNode info() {
        try {
            return Json.mapper().readTree(docker.ok("info", "--format", "{{json .}}").out());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }

    @Test
    void hostFactsComeFromProcAndOsRelease() throws IOException {
        JsonNode i = info();
        assertThat(i.path("KernelVersion").asText()).isEqualTo(read("/proc/sys/kernel/osrelease"));
        assertThat(i.path("Name").asText()).isEqualTo(read("/proc/sys/kernel/hostname"));
        assertThat(i.path("Architecture").asText()).isEqualTo(read("/proc/sys/kernel/arch"));
        List<String> osRelease = Files.readAllLines(Path.of("/etc/os-release"));
        assertThat(osRelease).contains("PRETTY_NAME=\"" + i.path("OperatingSystem").asText() + "\"");
        assertThat(osRelease).contains("VERSION_ID=\"" + i.path("OSVersion").asText() + "\"");
        String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\D", "");
        assertThat(i.path("MemTotal").asLong()).isEqualTo(Long.parseLong(memTotal) * 1024);
        assertThat(i.path("IPv4Forwarding").asBoolean()).isEqualTo(read("/proc/sys/net/ipv4/ip_forward").equals("1"));
    }

    @Test
    void cgroupCapabilitiesComeFromTheMountedHierarchies() throws IOException {
        JsonNode i = info();
        Path memory = Path.of("/sys/fs/cgroup/memory");
        assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")), "this machine boots cgroup v1 (hybrid)");
        assertThat(i.path("CgroupVersion").asText()).isEqualTo("1");
        assertThat(i.path("CgroupDriver").asText()).isEqualTo("cgroupfs");
        assertThat(i.path("MemoryLimit").asBoolean()).isEqualTo(Files.exists(memory.resolve("memory.limit_in_bytes")));
        assertThat(i.path("SwapLimit").asBoolean()).isEqualTo(Files.exists(memory.resolve("memory.memsw.limit_in_bytes")));
        assertThat(i.path("KernelMemory").asBoolean()).isEqualTo(Files.exists(memory.resolve("memory.kmem.limit_in_bytes")));
        assertThat(i.path("OomKillDisable").asBoolean()).isEqualTo(Files.exists(memory.resolve("memory.oom_control")));
        assertThat(i.path("CpuCfsQuota").asBoolean()).isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")));
        assertThat(i.path("CPUShares").asBoolean()).isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.shares")));
        assertThat(i.path("CPUSet").asBoolean()).isEqualTo(Files.exists(Path.of("/sys/fs/cgroup/cpuset/cpuset.cpus")));
        assertThat(i.path("PidsLimit").asBoolean()).isEqualTo(Files.isDirectory(Path.of("/sys/fs/cgroup/pids")));
    }

    @Test
    void storageDriverNamesTheDataRootsFileSystem() throws Exception {
        BerthDaemon berthd = harness.berthd();
        JsonNode i = info();
        // stat(1) reads the same statfs(2) f_type; ext2, ext3 and ext4 share one magic, which Docker calls "extfs"
        Process stat = new ProcessBuilder("stat", "-f", "-c", "%t", berthd.dataRoot().toString()).start();
        long magic = Long.parseLong(new String(stat.getInputStream().readAllBytes()).strip(), 16);
        stat.waitFor();
        String expected = magic == 0xEF53 ? "extfs" : magic == 0x58465342L ? "xfs" : magic == 0x01021994 ? "tmpfs" : null;
        assumeFalse(expected == null, "a data root on ext4, xfs or tmpfs");
        assertThat(i.path("Driver").asText()).isEqualTo("overlay2");
        assertThat(i.path("DriverStatus").toString()).isEqualTo("[[\"Backing Filesystem\",\"" + expected + "\"]]");
        assertThat(i.path("DockerRootDir").asText()).isEqualTo(berthd.dataRoot().toString());
    }

    @Test
    void registryConfigListsTheConfiguredInsecureRegistries() throws IOException {
        JsonNode reg = info().path("RegistryConfig");
        List<String> insecure = new ArrayList<>();
        reg.path("IndexConfigs").forEach(index -> {
            if (!index.path("Secure").asBoolean()) insecure.add(index.path("Name").asText());
        });
        // the harness starts berthd with --insecure-registry for its registry and the fault-injecting proxy
        assertThat(insecure).containsExactlyInAnyOrder(harness.registry().address(), harness.proxy().address());
        assertThat(reg.path("IndexConfigs").path("docker.io").path("Secure").asBoolean()).isTrue();
        assertThat(reg.path("InsecureRegistryCIDRs").toString()).contains("127.0.0.0/8");
    }

    @Test
    void eventListenersAreCounted() throws IOException {
        int before = info().path("NEventsListener").asInt();
        try (BackgroundCommand events = docker.background("events")) {
            Poll.until(Duration.ofSeconds(20)).check(() -> info().path("NEventsListener").asInt() == before + 1,
                    events::describe);
        }
        Poll.until(Duration.ofSeconds(20)).check(() -> info().path("NEventsListener").asInt() == before,
                () -> "the listener that left is still counted");
    }

    @Test
    void nothingIsClaimedThatBerthDoesNotApply() throws IOException {
        JsonNode i = info();
        // the builtin seccomp profile only: no AppArmor, SELinux, user namespace, or cgroup namespace by default
        assertThat(i.path("SecurityOptions").toString()).isEqualTo("[\"name=seccomp,profile=builtin\"]");
        // the harness's daemon.json names no log driver: containers get the daemon default
        assertThat(i.path("LoggingDriver").asText()).isEqualTo(berth.engine.container.LogPolicy.DAEMON_DEFAULT.type());
        assertThat(i.path("DefaultRuntime").asText()).isEqualTo("runc");
    }

    @Test
    void versionDescribesBerthAndTheBinariesItRuns() throws Exception {
        JsonNode v = Json.mapper().readTree(docker.ok("version", "--format", "{{json .Server}}").out());
        assertThat(v.path("Platform").path("Name").asText()).isEqualTo("Berth Engine");
        JsonNode components = v.path("Components");
        assertThat(components.get(0).path("Name").asText()).isEqualTo("Engine");
        assertThat(components.get(0).path("Version").asText()).isEqualTo(berth.daemon.route.DaemonVersion.BERTH);
        Process runc = new ProcessBuilder("/usr/sbin/runc", "--version").start();
        String firstLine = new String(runc.getInputStream().readAllBytes()).lines().findFirst().orElseThrow();
        runc.waitFor();
        JsonNode runcComponent = null;
        for (JsonNode c : components) if (c.path("Name").asText().equals("runc")) runcComponent = c;
        assertThat(runcComponent).as(components.toString()).isNotNull();
        assertThat(firstLine).isEqualTo("runc version " + runcComponent.path("Version").asText());
    }
}
