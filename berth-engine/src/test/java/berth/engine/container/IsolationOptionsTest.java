package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.HostConfig;
import berth.engine.runtime.DeviceRule;
import berth.engine.runtime.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsers behind --tmpfs, --sysctl, --ulimit, --device-cgroup-rule, --pid/--ipc/--uts and --security-opt. */
class IsolationOptionsTest {
    @TempDir
    Path dir;

    private static HostConfig host(String json) throws IOException {
        return Json.mapper().readValue(json, HostConfig.class);
    }

    // ---- tmpfs ----

    @Test
    void tmpfsGetsDockersDefaultsWithTheUsersOptionsOverThem() {
        assertThat(TmpfsMounts.merge("")).containsExactly("noexec", "nosuid", "nodev", "rprivate");
        assertThat(TmpfsMounts.merge("exec,size=1m,mode=700,size=2m"))
                .containsExactly("nosuid", "nodev", "rprivate", "exec", "mode=700", "size=2m");
    }

    @Test
    void tmpfsRefusesUnknownOptionsAndRelativePaths() {
        assertThatThrownBy(() -> TmpfsMounts.merge("foo,size=1m,bar"))
                .hasMessage("invalid tmpfs option [\"foo\", \"bar\"] (--tmpfs)");
        assertThatThrownBy(() -> TmpfsMounts.of(Map.of("rel", ""))).hasMessageContaining("mount path must be absolute");
        assertThatThrownBy(() -> TmpfsMounts.of(Map.of("/", ""))).hasMessageContaining("can't be '/'");
    }

    @Test
    void tmpfsCannotGoUnderProcNorWhereABindGoes() {
        assertThatThrownBy(() -> TmpfsMounts.of(Map.of("/proc/x", ""))).hasMessageContaining("over /proc");
        assertThatThrownBy(() -> Isolations.validate(host("{\"Binds\":[\"/tmp:/data\"],\"Tmpfs\":{\"/data/\":\"\"}}"), "",
                Isolations.NO_PEERS)).hasMessage("Duplicate mount point: /data/");
    }

    // ---- sysctl ----

    private void procSys(String... keys) throws IOException {
        for (String k : keys) {
            Path p = dir.resolve(k.replace('.', '/'));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "0");
        }
    }

    @Test
    void onlyNamespacedSysctlsAreAllowed() throws IOException {
        procSys("kernel.shmmax", "kernel.hostname", "fs.mqueue.msg_max", "net.ipv4.ip_forward", "net.ipv4.conf.default.rp_filter");
        Map<String, String> ok = Map.of("kernel.shmmax", "1", "fs.mqueue.msg_max", "2", "net.ipv4.ip_forward", "1",
                "net.ipv4.conf.eth0.rp_filter", "0");
        assertThat(Sysctls.of(ok, "", "", dir)).isEqualTo(ok);
        assertThatThrownBy(() -> Sysctls.of(Map.of("kernel.hostname", "x"), "", "", dir))
                .hasMessageStartingWith("invalid --sysctl: sysctl 'kernel.hostname' is not allowed");
        assertThatThrownBy(() -> Sysctls.of(Map.of("vm.swappiness", "1"), "", "", dir)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aSysctlOfASharedNamespaceOrUnknownToTheKernelIsRefused() throws IOException {
        procSys("kernel.shmmax", "net.ipv4.ip_forward");
        assertThatThrownBy(() -> Sysctls.of(Map.of("kernel.shmmax", "1"), "host", "", dir)).hasMessageContaining("--ipc host");
        assertThatThrownBy(() -> Sysctls.of(Map.of("net.ipv4.ip_forward", "1"), "", "host", dir))
                .hasMessageContaining("--network host");
        assertThatThrownBy(() -> Sysctls.of(Map.of("net.ipv4.nonexistent", "1"), "", "", dir))
                .hasMessageContaining("is not known to this kernel");
    }

    // ---- ulimit ----

    private Path limits(String nofileHard) throws IOException {
        Path f = dir.resolve("limits");
        Files.writeString(f, """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             96365                96365                processes
                Max open files            1024                 %s                files
                """.formatted(nofileHard));
        return f;
    }

    @Test
    void ulimitsBecomeRlimitsWithinTheDaemonsHardLimits() throws IOException {
        List<Object> u = List.of(Map.of("Name", "nofile", "Soft", 512, "Hard", 20000), Map.of("Name", "core", "Soft", -1, "Hard", -1));
        assertThat(Ulimits.of(u, false, limits("20000"))).containsExactly(
                new Isolation.Rlimit("RLIMIT_NOFILE", 512, 20000), new Isolation.Rlimit("RLIMIT_CORE", -1, -1));
    }

    @Test
    void aHardLimitAboveTheDaemonsIsRefusedUnlessItMayRaiseIt() throws IOException {
        List<Object> u = List.of(Map.of("Name", "nofile", "Soft", 65536, "Hard", 65536));
        assertThatThrownBy(() -> Ulimits.of(u, false, limits("20000")))
                .hasMessage("--ulimit nofile=65536:65536: the hard limit is above berthd's own (20000), which a container"
                        + " cannot raise without CAP_SYS_RESOURCE");
        assertThatCode(() -> Ulimits.of(u, false, limits("unlimited"))).doesNotThrowAnyException();
        assertThatCode(() -> Ulimits.of(u, true, limits("20000"))).doesNotThrowAnyException();
    }

    @Test
    void badUlimitsAreRefused() throws IOException {
        Path f = limits("20000");
        assertThatThrownBy(() -> Ulimits.of(List.of(Map.of("Name", "foo", "Soft", 1, "Hard", 1)), false, f))
                .hasMessageStartingWith("invalid ulimit type: foo");
        assertThatThrownBy(() -> Ulimits.of(List.of(Map.of("Name", "nofile", "Soft", 2, "Hard", 1)), false, f))
                .hasMessageStartingWith("ulimit soft limit must be less than or equal to hard limit: 2 > 1");
    }

    // ---- devices ----

    @Test
    void deviceCgroupRulesAreParsedAsDockerWritesThem() {
        assertThat(DeviceRules.rules(List.of("c 1:3 mr", "b *:* m", "a 7:* rwm"))).containsExactly(
                new DeviceRule(true, "c", 1L, 3L, "mr"), new DeviceRule(true, "b", null, null, "m"),
                new DeviceRule(true, "a", 7L, null, "rwm"));
        assertThatThrownBy(() -> DeviceRules.rules(List.of("x 1:3 r")))
                .hasMessage("invalid device cgroup format 'x 1:3 r' (--device-cgroup-rule)");
        assertThatThrownBy(() -> DeviceRules.rules(List.of("c 1:3 rwx"))).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aDeviceMustBeADeviceNodeOnTheHost() throws IOException {
        Files.writeString(dir.resolve("plain"), "");
        assertThatThrownBy(() -> DeviceRules.nodes(List.of(Map.of("PathOnHost", "/dev/berth-none", "PathInContainer", "",
                "CgroupPermissions", "rwm"))))
                .hasMessage("error gathering device information while adding custom device \"/dev/berth-none\": no such file or directory");
        assertThatThrownBy(() -> DeviceRules.nodes(List.of(Map.of("PathOnHost", dir.resolve("plain").toString()))))
                .hasMessageEndingWith("not a device node");
        assertThatThrownBy(() -> DeviceRules.nodes(List.of(Map.of("PathOnHost", "/dev/null", "CgroupPermissions", "rwx"))))
                .hasMessageContaining("invalid device mode");
    }

    @Test
    void aDeviceIsCreatedUnderItsContainerPathAndAllowedWithItsPermissions() {
        List<Object> d = List.of(Map.of("PathOnHost", "/dev/null", "PathInContainer", "/dev/nothing", "CgroupPermissions", "r"));
        assertThat(DeviceRules.nodes(d)).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/dev/nothing");
            assertThat(n.type() + " " + n.major() + ":" + n.minor()).isEqualTo("c 1:3");
        });
        assertThat(DeviceRules.cgroupRules(d, List.of("c 1:5 r"))).containsExactly(
                new DeviceRule(true, "c", 1L, 3L, "r"), new DeviceRule(true, "c", 1L, 5L, "r"));
    }

    // ---- namespaces ----

    private static final NamespaceModes.Peers PEERS = name -> switch (name) {
        case "web" -> new NamespaceModes.Peer("a".repeat(64), true, 4242, "shareable", Path.of("/data/containers/a/shm"));
        case "private" -> new NamespaceModes.Peer("b".repeat(64), true, 4343, "private", Path.of("/x"));
        case "stopped" -> new NamespaceModes.Peer("c".repeat(64), false, 0, "shareable", Path.of("/y"));
        default -> throw NotFoundException.container(name);
    };

    @Test
    void namespaceModesAreCheckedAtCreate() {
        assertThatCode(() -> NamespaceModes.validate(host("{\"PidMode\":\"host\",\"IpcMode\":\"none\",\"UTSMode\":\"host\"}"), "", PEERS))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> NamespaceModes.validate(host("{\"PidMode\":\"weird\"}"), "", PEERS)).hasMessageStartingWith("invalid --pid");
        assertThatThrownBy(() -> NamespaceModes.validate(host("{\"IpcMode\":\"weird\"}"), "", PEERS)).hasMessageStartingWith("invalid --ipc");
        assertThatThrownBy(() -> NamespaceModes.validate(host("{\"UTSMode\":\"host\"}"), "web", PEERS))
                .hasMessage("conflicting options: hostname and the UTS mode");
        assertThatThrownBy(() -> NamespaceModes.validate(host("{\"PidMode\":\"container:nope\"}"), "", PEERS))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid --pid: no such container: nope");
    }

    @Test
    void joiningAContainerUsesItsNamespaceAndForIpcItsShm() throws IOException {
        HostConfig h = host("{\"PidMode\":\"container:web\",\"IpcMode\":\"container:web\"}");
        assertThat(NamespaceModes.pid(h, PEERS)).isEqualTo(Isolation.Namespace.join("/proc/4242/ns/pid"));
        assertThat(NamespaceModes.ipc(h, PEERS)).isEqualTo(Isolation.Namespace.join("/proc/4242/ns/ipc"));
        assertThat(NamespaceModes.shm(h, PEERS, Path.of("/own"))).isEqualTo(Isolation.Shm.bind("/data/containers/a/shm"));
        assertThat(NamespaceModes.shm(host("{\"IpcMode\":\"host\"}"), PEERS, Path.of("/own"))).isEqualTo(Isolation.Shm.bind("/dev/shm"));
        assertThat(NamespaceModes.shm(host("{\"IpcMode\":\"shareable\"}"), PEERS, Path.of("/own"))).isEqualTo(Isolation.Shm.bind("/own"));
        assertThat(NamespaceModes.shm(host("{\"IpcMode\":\"none\"}"), PEERS, Path.of("/own"))).isEqualTo(Isolation.Shm.NONE);
    }

    @Test
    void onlyARunningShareableContainerCanBeJoinedForIpc() {
        assertThatThrownBy(() -> NamespaceModes.ipc(host("{\"IpcMode\":\"container:private\"}"), PEERS))
                .hasMessage("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        assertThatThrownBy(() -> NamespaceModes.pid(host("{\"PidMode\":\"container:stopped\"}"), PEERS))
                .hasMessage("cannot join PID of a non running container: stopped");
    }

    // ---- security options ----

    @Test
    void securityOptionsAreReadAsDockerdReadsThem() {
        assertThatCode(() -> SecurityOptions.validate(List.of("no-new-privileges", "seccomp=unconfined", "seccomp:builtin",
                "apparmor=unconfined", "label=disable", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}")))
                .doesNotThrowAnyException();
        assertThat(SecurityOptions.seccomp(List.of("seccomp=unconfined", "seccomp:builtin"))).isEqualTo("builtin");
        assertThatThrownBy(() -> SecurityOptions.validate(List.of("foo=bar"))).hasMessageStartingWith("invalid --security-opt: \"foo=bar\"");
        assertThatThrownBy(() -> SecurityOptions.validate(List.of("apparmor=docker-default"))).hasMessageContaining("AppArmor");
        assertThatThrownBy(() -> SecurityOptions.validate(List.of("seccomp={oops")))
                .hasMessageStartingWith("invalid seccomp profile (--security-opt seccomp=...): it is not JSON");
    }

    @Test
    void privilegedAndUnconfinedContainersHaveNoSeccompFilter() {
        List<String> caps = List.of("CAP_CHOWN");
        assertThat(SecurityOptions.seccompFilter(List.of("seccomp=unconfined"), false, caps)).isNull();
        assertThat(SecurityOptions.seccompFilter(List.of(), true, caps)).isNull();
    }
}
