package berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.Json;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accepted means applied: each option of {@code docker run} that Berth accepts shows its effect inside the container,
 * one that Berth does not implement is refused before anything is created (exit 125, the field named), and inspect
 * answers with Docker's key set.
 */
class DockerCreateContractIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    /** The swagger field list the engine's unit tests use (its header says where it comes from). */
    private static final Path FIELDS = Path.of("../berth-engine/src/test/resources/swagger-v1.50/container-fields.txt");

    private final Docker docker = harness.docker();

    private String run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--rm"));
        all.addAll(List.of(args));
        return docker.ok(all.toArray(String[]::new)).out();
    }

    // ---- applied ----

    @Test
    void capDropAllLeavesNoEffectiveCapability() {
        assertThat(run("--cap-drop", "ALL", "busybox", "grep", "CapEff", "/proc/self/status"))
                .isEqualTo("CapEff:\t0000000000000000");
    }

    @Test
    void withoutCapabilityOptionsTheSetIsDockersDefault() {
        assertThat(run("busybox", "grep", "CapEff", "/proc/self/status")).isEqualTo("CapEff:\t00000000a80425fb");
    }

    @Test
    void capAddNetAdminAddsItsBit() {
        assertThat(run("--cap-add", "net_admin", "busybox", "grep", "CapEff", "/proc/self/status"))
                .isEqualTo("CapEff:\t00000000a80435fb");
    }

    @Test
    void anUnknownCapabilityIsRefusedWithDockersMessage() {
        CommandResult r = docker.run("run", "--rm", "--cap-add", "CAP_FOO", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains("invalid CapAdd: unknown capability: \"CAP_FOO\"");
    }

    @Test
    void privilegedHasEveryCapabilityBerthdHasAndNothingMasked() throws Exception {
        String own = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
        assertThat(run("--privileged", "busybox", "grep", "CapEff", "/proc/self/status")).isEqualTo(own);
        assumeTrue(Files.exists(Path.of("/proc/timer_list")), "this kernel has /proc/timer_list");
        assertThat(run("busybox", "wc", "-c", "/proc/timer_list")).isEqualTo("0 /proc/timer_list");
        assertThat(run("--privileged", "busybox", "wc", "-c", "/proc/timer_list")).isNotEqualTo("0 /proc/timer_list");
    }

    @Test
    void privilegedSeesTheHostsDevices() {
        assumeTrue(Files.exists(Path.of("/dev/kmsg")), "the host has /dev/kmsg");
        assertThat(docker.run("run", "--rm", "busybox", "test", "-c", "/dev/kmsg").exitCode()).isEqualTo(1);
        assertThat(docker.run("run", "--rm", "--privileged", "busybox", "test", "-c", "/dev/kmsg").exitCode()).isZero();
    }

    @Test
    void readOnlyRootfsRefusesWrites() {
        CommandResult r = docker.run("run", "--rm", "--read-only", "busybox", "touch", "/x");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Read-only file system");
        assertThat(run("busybox", "sh", "-c", "touch /x && echo ok")).isEqualTo("ok");
    }

    @Test
    void initRunsTiniAsPidOneAsDockerInit() {
        String pidOne = "cat /proc/1/cmdline | tr '\\0' ' '";
        assertThat(run("--init", "busybox", "sh", "-c", pidOne)).startsWith("/sbin/docker-init -- sh -c");
        assertThat(run("busybox", "sh", "-c", pidOne)).startsWith("sh -c");
    }

    @Test
    void hostnameAndDomainnameAreSet() {
        assertThat(run("--hostname", "web", "--domainname", "example.org", "busybox", "sh", "-c",
                "hostname; cat /proc/sys/kernel/domainname")).isEqualTo("web\nexample.org");
    }

    @Test
    void theUsersGroupsAndGroupAddAreSupplementaryGroups() {
        assertThat(run("busybox", "id")).isEqualTo("uid=0(root) gid=0(root) groups=0(root)");
        assertThat(run("--group-add", "daemon", "--group-add", "4242", "busybox", "sh", "-c",
                "id; grep Groups /proc/self/status"))
                .isEqualTo("uid=0(root) gid=0(root) groups=0(root),1(daemon),4242\nGroups:\t0 1 4242");
    }

    @Test
    void anEnvironmentVariableUnsetOnTheClientIsLeftOut() {
        CommandResult r = docker.run("run", "--rm", "-e", "BERTH_IT_NEVER_SET_VARIABLE", "-e", "A=1", "busybox", "env");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("A=1").doesNotContain("BERTH_IT_NEVER_SET_VARIABLE");
    }

    @Test
    void aPrivateCgroupNamespaceIsNotTheHosts() throws Exception {
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/cgroup")).toString();
        assertThat(run("--cgroupns", "private", "busybox", "readlink", "/proc/self/ns/cgroup")).isNotEqualTo(host);
        assertThat(run("--cgroupns", "host", "busybox", "readlink", "/proc/self/ns/cgroup")).isEqualTo(host);
    }

    @Test
    void shmSizeSizesDevShm() {
        assertThat(run("--shm-size", "1m", "busybox", "sh", "-c", "df -k /dev/shm | tail -1 | awk '{print $2}'"))
                .isEqualTo("1024");
    }

    @Test
    void noNewPrivilegesIsSetForTheProcess() {
        assertThat(run("--security-opt", "no-new-privileges", "busybox", "grep", "NoNewPrivs", "/proc/self/status"))
                .isEqualTo("NoNewPrivs:\t1");
        assertThat(run("busybox", "grep", "NoNewPrivs", "/proc/self/status")).isEqualTo("NoNewPrivs:\t0");
    }

    @Test
    void logDriversLocalAndNoneAreAcceptedAndShown() {
        String name = harness.name("logdrv");
        docker.ok("create", "--name", name, "--log-driver", "local", "--log-opt", "max-size=1m", "busybox", "true");
        try {
            assertThat(docker.inspect("{{.HostConfig.LogConfig.Type}} {{json .HostConfig.LogConfig.Config}}", name))
                    .isEqualTo("local {\"max-size\":\"1m\"}");
        } finally {
            docker.run("rm", "-f", name);
        }
        CommandResult none = docker.run("run", "--rm", "--log-driver", "none", "busybox", "true");
        assertThat(none.exitCode()).as(none.describe()).isZero();
    }

    @Test
    void mountTypeBindIsABindMount(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("f"), "from-host\n");
        assertThat(run("--mount", "type=bind,source=" + dir + ",target=/data,readonly", "busybox", "sh", "-c",
                "cat /data/f; touch /data/g 2>/dev/null || echo read-only")).isEqualTo("from-host\nread-only");
    }

    // ---- refused ----

    @Test
    void aMountOfAnotherVolumeDriverIsRefusedBeforeAnythingIsCreated() {
        assertRefused("volume driver \"other\" is not supported", "--mount", "type=volume,target=/run,volume-driver=other",
                "busybox", "true");
    }

    private void assertRefused(String field, String... args) {
        String name = harness.name("refused");
        List<String> all = new ArrayList<>(List.of("run", "--name", name));
        all.addAll(List.of(args));
        CommandResult r = docker.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("Error response from daemon: " + field);
        assertThat(docker.ok("ps", "-a", "-q", "--filter", "name=" + name).out()).as("nothing created").isEmpty();
    }

    @Test
    void publishingAnSctpPortIsRefusedBeforeAnythingIsCreated() {
        assertRefused("publishing sctp ports is not supported by Berth yet", "-d", "-p", "19000:9000/sctp", "busybox",
                "true");
    }

    @Test
    void aCgroupParentIsRefusedBeforeAnythingIsCreated() {
        assertRefused("HostConfig.CgroupParent (--cgroup-parent) is not supported by Berth yet", "--cgroup-parent",
                "/elsewhere", "busybox", "true");
    }

    @Test
    void aLinkLocalAddressIsRefusedNamingTheField() {
        assertRefused("NetworkingConfig.EndpointsConfig.default.IPAMConfig", "--link-local-ip", "169.254.10.10", "busybox", "true");
    }

    @Test
    void anUnknownLogDriverIsRefusedWithDockersMessage() {
        assertRefused("log driver 'syslog' is not supported by Berth", "--log-driver", "syslog", "busybox", "true");
    }

    @Test
    void aRelativeWorkingDirectoryIsRefusedAtCreate() {
        assertRefused("the working directory 'rel' is invalid, it needs to be an absolute path",
                "-w", "rel", "busybox", "true");
    }

    // ---- inspect ----

    private static List<String> swagger(String section, boolean alwaysOnly) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(FIELDS)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split(" ");
            if (f[0].equals(section) && (!alwaysOnly || f.length < 4)) out.add(f[1]);
        }
        return out;
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private void assertKeys(String name, String template, String section) throws Exception {
        JsonNode json = Json.mapper().readTree(docker.inspect("{{json " + template + "}}", name));
        List<String> known = swagger(section, false);
        assertThat(keys(json)).as(section).containsAll(swagger(section, true))
                .allMatch(known::contains, "a key of swagger's " + section);
    }

    @Test
    void inspectAnswersWithDockersKeys() throws Exception {
        String name = harness.name("shape");
        docker.ok("create", "--name", name, "-v", "/tmp:/host-tmp:ro", "busybox", "true");
        try {
            assertKeys(name, ".", "Inspect");
            assertKeys(name, ".HostConfig", "HostConfig");
            assertKeys(name, ".Config", "Config");
            assertKeys(name, ".NetworkSettings", "NetworkSettings");
            assertKeys(name, "(index .Mounts 0)", "MountPoint");
            assertThat(docker.inspect("{{json .ExecIDs}} {{.HostConfig.LogConfig.Type}} {{(index .Mounts 0).RW}}", name))
                    .isEqualTo("null json-file false");
            assertThat(docker.inspect("{{json .Config.Entrypoint}} {{json .Config.OnBuild}}", name))
                    .isEqualTo("null null");
            assertThat(swagger("HostConfig", true)).hasSizeGreaterThan(60);
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void inspectWithSizeReportsWhatTheContainerWrote() {
        String name = harness.name("size");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "head -c 100000 /dev/zero > /f");
        try {
            assertThat(docker.inspect("{{json .SizeRw}}", name)).isEqualTo("null");
            String[] sizes = docker.ok("inspect", "--size", "--format", "{{.SizeRw}} {{.SizeRootFs}}", name).out().split(" ");
            assertThat(Long.parseLong(sizes[0])).isEqualTo(100000);
            assertThat(Long.parseLong(sizes[1])).isGreaterThan(100000);
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void inspectShowsWhatIsInForce() {
        String name = harness.name("inforce");
        docker.ok("create", "--name", name, "--cap-drop", "ALL", "--read-only", "--init", "busybox", "true");
        try {
            assertThat(docker.inspect("{{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}} "
                    + "{{.HostConfig.CapDrop}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Init}} "
                    + "{{.HostConfig.UTSMode}}|{{.HostConfig.ShmSize}}", name))
                    .isEqualTo("bridge no [ALL] true true |67108864");
        } finally {
            docker.run("rm", "-f", name);
        }
    }
}
