package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciSpecBuilderTest {
    private static final String ID = "0123456789ab" + "c".repeat(52);
    private static final Path DIR = Path.of("/data/containers", ID);

    private static ProcessSpec spec(boolean tty, List<BindMount> binds) {
        return new ProcessSpec(ID, List.of("sh", "-c", "echo hi"), List.of("PATH=/bin", "HOSTNAME=0123456789ab"), "/work",
                1000, 100, List.of(10), tty, "0123456789ab", DIR.resolve("rootfs"), DIR.resolve("hosts"),
                DIR.resolve("hostname"), DIR.resolve("resolv.conf"), false, binds);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> spec, String key) {
        return (Map<String, Object>) spec.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> mounts(Map<String, Object> spec) {
        return (List<Map<String, Object>>) spec.get("mounts");
    }

    @Test
    void processCarriesArgsEnvCwdUserAndTerminal() {
        Map<String, Object> process = section(OciSpecBuilder.build(spec(true, List.of())), "process");
        assertThat(process).containsEntry("args", List.of("sh", "-c", "echo hi"))
                .containsEntry("env", List.of("PATH=/bin", "HOSTNAME=0123456789ab"))
                .containsEntry("cwd", "/work").containsEntry("terminal", true).containsEntry("noNewPrivileges", false);
        assertThat((Map<String, Object>) process.get("user")).containsEntry("uid", 1000).containsEntry("gid", 100)
                .containsEntry("additionalGids", List.of(10));
    }

    @Test
    void noRlimitsAreSetSoTheContainerInheritsTheDaemons() {
        assertThat(section(OciSpecBuilder.build(spec(false, List.of())), "process")).doesNotContainKey("rlimits");
    }

    @Test
    void capabilitiesAreDockersDefaultSet() {
        Map<String, Object> caps = (Map<String, Object>) section(OciSpecBuilder.build(spec(false, List.of())), "process")
                .get("capabilities");
        List<String> docker = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
                "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertThat((List<String>) caps.get(set)).containsExactlyInAnyOrderElementsOf(docker);
        }
    }

    @Test
    void linuxSectionHasFiveNewNamespacesAnAbsoluteCgroupAndDockersMaskedPaths() {
        Map<String, Object> linux = section(OciSpecBuilder.build(spec(false, List.of())), "linux");
        assertThat((List<Map<String, Object>>) linux.get("namespaces")).extracting(m -> m.get("type"))
                .containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "network");
        assertThat((List<Map<String, Object>>) linux.get("namespaces")).allSatisfy(m -> assertThat(m).doesNotContainKey("path"));
        assertThat(linux).containsEntry("cgroupsPath", "/berth/" + ID);
        assertThat((List<String>) linux.get("maskedPaths")).contains("/proc/kcore", "/proc/keys", "/sys/firmware");
        assertThat((List<String>) linux.get("readonlyPaths")).contains("/proc/sys", "/proc/sysrq-trigger");
    }

    @Test
    void hostnameIsTheShortIdAndRootIsTheOverlayMount() {
        Map<String, Object> spec = OciSpecBuilder.build(spec(false, List.of()));
        assertThat(spec).containsEntry("hostname", "0123456789ab");
        assertThat(section(spec, "root")).containsEntry("path", DIR.resolve("rootfs").toString()).containsEntry("readonly", false);
    }

    @Test
    void standardFilesystemsAndTheContainersEtcFilesAreMounted() {
        List<Map<String, Object>> mounts = mounts(OciSpecBuilder.build(spec(false, List.of())));
        assertThat(mounts).extracting(m -> m.get("destination")).containsExactly("/proc", "/dev", "/dev/pts", "/sys",
                "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts");
        assertThat(mounts).filteredOn(m -> m.get("destination").equals("/etc/hosts")).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("type", "bind")
                        .containsEntry("source", DIR.resolve("hosts").toString()));
        assertThat(mounts).filteredOn(m -> m.get("destination").equals("/sys")).singleElement()
                .satisfies(m -> assertThat((List<String>) m.get("options")).contains("ro"));
    }

    @Test
    void readOnlyBindMountGetsTheRoOption() {
        List<Map<String, Object>> mounts = mounts(OciSpecBuilder.build(
                spec(false, List.of(new BindMount("/srv/data", "/data", true)))));
        assertThat(mounts.getLast()).containsEntry("destination", "/data").containsEntry("source", "/srv/data")
                .containsEntry("options", List.of("rbind", "rprivate", "ro"));
    }

    private static ProcessSpec confined(String domainname, Confinement c) {
        ProcessSpec p = spec(false, List.of());
        return new ProcessSpec(p.id(), p.args(), p.env(), p.cwd(), p.uid(), p.gid(), p.additionalGids(), false,
                p.hostname(), p.rootfs(), p.hostsFile(), p.hostnameFile(), p.resolvConfFile(), false, List.of(),
                domainname, c);
    }

    @Test
    void anInitIsPidOneRunningTheCommandAfterDashDashFromAReadOnlyBindMount() {
        Confinement c = Confinement.defaults();
        c = new Confinement(c.capabilities(), false, c.maskedPaths(), c.readonlyPaths(), false, false, c.shmSize(),
                Path.of("/usr/bin/tini-static"), Map.of());
        Map<String, Object> spec = OciSpecBuilder.build(confined("", c));
        assertThat(section(spec, "process")).containsEntry("args", List.of("/sbin/docker-init", "--", "sh", "-c", "echo hi"));
        assertThat(mounts(spec)).anySatisfy(m -> assertThat(m).containsEntry("destination", "/sbin/docker-init")
                .containsEntry("source", "/usr/bin/tini-static").containsEntry("options", List.of("bind", "ro")));
    }

    @Test
    void privilegedHasNoMaskedPathsAWritableSysAndEveryDevice() {
        Confinement c = new Confinement(List.of("CAP_SYS_ADMIN"), true, List.of(), List.of(), false, false,
                Confinement.DEFAULT_SHM_SIZE, null, Map.of());
        Map<String, Object> spec = OciSpecBuilder.build(confined("", c));
        Map<String, Object> linux = section(spec, "linux");
        assertThat(linux).containsEntry("maskedPaths", List.of()).containsEntry("readonlyPaths", List.of())
                .containsEntry("resources", Map.of("devices", List.of(Map.of("allow", true, "access", "rwm"))));
        assertThat(mounts(spec)).anySatisfy(m -> assertThat(m).containsEntry("destination", "/sys")
                .containsEntry("options", List.of("nosuid", "noexec", "nodev", "rw")));
        assertThat((List<Map<String, Object>>) linux.get("devices")).anySatisfy(d -> assertThat(d)
                .containsEntry("path", "/dev/null").containsEntry("type", "c")
                .containsEntry("major", 1L).containsEntry("minor", 3L));
        assertThat(section(OciSpecBuilder.build(spec(false, List.of())), "linux")).doesNotContainKey("devices");
    }

    @Test
    void domainNameIsSetThroughTheUtsSysctl() {
        Map<String, Object> spec = OciSpecBuilder.build(confined("example.org", Confinement.defaults()));
        assertThat(section(spec, "linux")).containsEntry("sysctl", Map.of("kernel.domainname", "example.org"));
    }

    @Test
    void aPrivateCgroupNamespaceAndShmSizeAndNoNewPrivileges() {
        Confinement d = Confinement.defaults();
        Confinement c = new Confinement(d.capabilities(), false, d.maskedPaths(), d.readonlyPaths(), true, true,
                1048576, null, Map.of("org.example", "1"));
        Map<String, Object> spec = OciSpecBuilder.build(confined("", c));
        assertThat((List<Object>) section(spec, "linux").get("namespaces")).contains(Map.of("type", "cgroup"));
        assertThat(section(spec, "process")).containsEntry("noNewPrivileges", true);
        assertThat(spec).containsEntry("annotations", Map.of("org.example", "1"));
        assertThat(mounts(spec)).anySatisfy(m -> assertThat(m).containsEntry("destination", "/dev/shm")
                .containsEntry("options", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=1048576")));
    }

    private static Confinement isolated(Isolation i) {
        Confinement d = Confinement.defaults();
        return new Confinement(d.capabilities(), false, d.maskedPaths(), d.readonlyPaths(), false, false, d.shmSize(),
                null, Map.of(), i);
    }

    private static Isolation with(Isolation.Namespace pid, Isolation.Namespace ipc, Isolation.Namespace uts,
                                  Isolation.Shm shm) {
        Isolation d = Isolation.defaults(null);
        return new Isolation(d.seccomp(), pid, ipc, uts, shm, d.devices(), d.deviceRules(), d.tmpfs(), d.rlimits(),
                d.sysctls(), d.oomScoreAdj());
    }

    @Test
    void hostNamespacesAreLeftOutAndJoinedOnesHaveTheirPath() {
        Isolation i = with(Isolation.Namespace.HOST, Isolation.Namespace.join("/proc/42/ns/ipc"), Isolation.Namespace.HOST,
                Isolation.Shm.bind("/dev/shm"));
        Map<String, Object> spec = OciSpecBuilder.build(confined("example.org", isolated(i)));
        assertThat((List<Object>) section(spec, "linux").get("namespaces")).containsExactly(
                Map.of("type", "ipc", "path", "/proc/42/ns/ipc"), Map.of("type", "mount"), Map.of("type", "network"));
        assertThat(spec).as("no hostname without a UTS namespace of its own").doesNotContainKey("hostname");
        assertThat(section(spec, "linux")).doesNotContainKey("sysctl");
        assertThat(mounts(spec)).anySatisfy(m -> assertThat(m).containsEntry("destination", "/dev/shm")
                .containsEntry("type", "bind").containsEntry("source", "/dev/shm"));
    }

    @Test
    void ipcNoneHasNoDevShm() {
        Isolation i = with(Isolation.Namespace.PRIVATE, Isolation.Namespace.PRIVATE, Isolation.Namespace.PRIVATE,
                Isolation.Shm.NONE);
        assertThat(mounts(OciSpecBuilder.build(confined("", isolated(i))))).noneSatisfy(m ->
                assertThat(m).containsEntry("destination", "/dev/shm"));
    }

    @Test
    void seccompRlimitsSysctlsTmpfsDevicesAndOomScoreArePlaced() {
        DeviceNode fuse = new DeviceNode("/dev/fuse", "c", 10, 229, 0600, 0, 0);
        Isolation i = new Isolation(Map.of("defaultAction", "SCMP_ACT_ERRNO"), Isolation.Namespace.PRIVATE,
                Isolation.Namespace.PRIVATE, Isolation.Namespace.PRIVATE, Isolation.Shm.PRIVATE, List.of(fuse),
                List.of(new DeviceRule(true, "c", 10L, 229L, "rw")),
                List.of(new Isolation.TmpfsMount("/run", List.of("nosuid", "size=1m"))),
                List.of(new Isolation.Rlimit("RLIMIT_NOFILE", 512, 1024)), Map.of("kernel.shmmax", "1"), 500);
        Map<String, Object> spec = OciSpecBuilder.build(confined("", isolated(i)));
        Map<String, Object> linux = section(spec, "linux");
        assertThat(linux).containsEntry("seccomp", Map.of("defaultAction", "SCMP_ACT_ERRNO"))
                .containsEntry("sysctl", Map.of("kernel.shmmax", "1"));
        assertThat((List<Object>) linux.get("devices")).containsExactly(Map.of("path", "/dev/fuse", "type", "c",
                "major", 10L, "minor", 229L, "fileMode", 0600, "uid", 0, "gid", 0));
        List<Object> rules = (List<Object>) section(linux, "resources").get("devices");
        assertThat(rules.getFirst()).isEqualTo(Map.of("allow", false, "access", "rwm"));
        assertThat(rules.getLast()).isEqualTo(Map.of("allow", true, "type", "c", "major", 10L, "minor", 229L, "access", "rw"));
        assertThat(section(spec, "process")).containsEntry("oomScoreAdj", 500)
                .containsEntry("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 1024L, "soft", 512L)));
        assertThat(mounts(spec)).anySatisfy(m -> assertThat(m).containsEntry("destination", "/run")
                .containsEntry("type", "tmpfs").containsEntry("options", List.of("nosuid", "size=1m")));
    }

    @Test
    void anUnprivilegedContainerGetsDockersDeviceRules() {
        List<Object> rules = (List<Object>) section(section(OciSpecBuilder.build(spec(false, List.of())), "linux"),
                "resources").get("devices");
        assertThat(rules).contains(Map.of("allow", true, "type", "c", "major", 5L, "minor", 1L, "access", "rwm"),
                Map.of("allow", false, "type", "c", "major", 10L, "minor", 229L, "access", "rwm"));
    }
}
