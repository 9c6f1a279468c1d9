package berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Docker's security defaults and the options that loosen or tighten them: seccomp, devices, users, tmpfs, ulimits,
 * sysctls, shared PID/IPC/UTS namespaces and the OOM score, each shown from inside a container run by the docker CLI.
 */
class DockerSecurityIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private String run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--rm"));
        all.addAll(List.of(args));
        return docker.ok(all.toArray(String[]::new)).out();
    }

    private CommandResult attempt(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--rm"));
        all.addAll(List.of(args));
        return docker.run(all.toArray(String[]::new));
    }

    /** Exit 125 with the daemon's message, and no container left behind. */
    private void assertRefused(String message, String... args) {
        assertRefused(125, message, args);
    }

    /** {@code exitCode}: the docker CLI's, which it derives from the message (127 for "no such file or directory"). */
    private void assertRefused(int exitCode, String message, String... args) {
        String name = harness.name("refused");
        List<String> all = new ArrayList<>(List.of("run", "--name", name));
        all.addAll(List.of(args));
        CommandResult r = docker.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(exitCode);
        assertThat(r.stderr()).as(r.describe()).contains("Error response from daemon: " + message);
        assertThat(docker.ok("ps", "-a", "-q", "--filter", "name=" + name).out()).as("nothing created").isEmpty();
    }

    /** POST /containers/create with a raw body, through curl on the daemon's socket: the status and the body. */
    private String[] create(String body) {
        String socket = docker.host().replaceFirst("^unix://", "");
        CommandResult r = ProcessRunner.run(List.of("curl", "-s", "-w", "\n%{http_code}", "--unix-socket", socket,
                "-H", "Content-Type: application/json", "-d", body, "http://berth/v1.50/containers/create"),
                Map.of(), null, Duration.ofSeconds(60));
        int nl = r.stdout().lastIndexOf('\n');
        return new String[] {r.stdout().substring(nl + 1).strip(), r.stdout().substring(0, nl)};
    }

    private static String hostNamespace(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
    }

    // ---- seccomp ----

    @Test
    void seccompFiltersEveryContainerByDefault() {
        assertThat(run("busybox", "grep", "^Seccomp:", "/proc/self/status")).isEqualTo("Seccomp:\t2");
    }

    @Test
    void creatingAUserNamespaceFailsWithEpermByDefault() {
        CommandResult r = attempt("busybox", "unshare", "-U", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Operation not permitted");
    }

    @Test
    void seccompUnconfinedLetsTheContainerCreateAUserNamespace() {
        assertThat(run("--security-opt", "seccomp=unconfined", "busybox", "sh", "-c",
                "grep ^Seccomp: /proc/self/status; unshare -U true && echo unshared")).isEqualTo("Seccomp:\t0\nunshared");
    }

    @Test
    void privilegedRunsWithoutSeccompAndMayMountAndUnshare() {
        String probe = "grep ^Seccomp: /proc/self/status; mount -t tmpfs none /tmp && echo mounted; unshare -U true && echo unshared";
        assertThat(run("--privileged", "busybox", "sh", "-c", probe)).isEqualTo("Seccomp:\t0\nmounted\nunshared");
        assertThat(attempt("busybox", "sh", "-c", probe).stdout()).isEqualTo("Seccomp:\t2\n");
    }

    @Test
    void aProfileFileInDockersFormatIsApplied(@TempDir Path dir) throws IOException {
        Path profile = dir.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
                """);
        CommandResult r = attempt("--security-opt", "seccomp=" + profile, "busybox", "mkdir", "/made");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Operation not permitted");
        assertThat(run("busybox", "sh", "-c", "mkdir /made && echo made")).isEqualTo("made");
    }

    @Test
    void aSeccompProfileThatIsNotJsonIsRefusedBeforeCreateNamingTheOption() {
        int before = docker.ok("ps", "-a", "-q").outLines().size();
        String[] answer = create("{\"Image\":\"busybox\",\"HostConfig\":{\"SecurityOpt\":[\"seccomp=root:x:0:0\"]}}");
        assertThat(answer[0]).as(answer[1]).isEqualTo("400");
        assertThat(answer[1]).contains("invalid seccomp profile (--security-opt seccomp=...): it is not JSON");
        assertThat(docker.ok("ps", "-a", "-q").outLines()).as("nothing created").hasSize(before);
    }

    // ---- devices ----

    @Test
    void theConsoleDeviceIsAllowedAsDockerAllowsIt() {
        assertThat(run("busybox", "sh", "-c", "mknod /tmp/console c 5 1 && exec 3</tmp/console && echo opened"))
                .isEqualTo("opened");
    }

    @Test
    void deviceMakesTheHostsNodeUsable() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "the host has /dev/fuse");
        assertThat(run("--device", "/dev/fuse", "busybox", "sh", "-c", "exec 3<>/dev/fuse && echo opened"))
                .isEqualTo("opened");
        CommandResult denied = attempt("busybox", "sh", "-c", "mknod /tmp/fuse c 10 229 && exec 3<>/tmp/fuse");
        assertThat(denied.stderr()).as(denied.describe()).contains("Operation not permitted");
    }

    @Test
    void deviceWithReadPermissionOnlyCannotBeOpenedForWriting() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "the host has /dev/fuse");
        CommandResult r = attempt("--device", "/dev/fuse:/dev/ro-fuse:r", "busybox", "sh", "-c",
                "exec 3</dev/ro-fuse && echo read; exec 4>/dev/ro-fuse && echo written");
        assertThat(r.stdout()).as(r.describe()).isEqualTo("read\n");
        assertThat(r.stderr()).contains("Operation not permitted");
    }

    @Test
    void deviceCgroupRuleAllowsANodeTheContainerMakes() {
        assertThat(run("--device-cgroup-rule", "c 10:229 rw", "busybox", "sh", "-c",
                "mknod /tmp/fuse c 10 229 && exec 3<>/tmp/fuse && echo opened")).isEqualTo("opened");
    }

    @Test
    void aMissingDeviceIsRefusedBeforeCreate() {
        assertRefused(127, "error gathering device information while adding custom device \"/dev/berth-it-none\": "
                + "no such file or directory", "--device", "/dev/berth-it-none", "busybox", "true");
    }

    // ---- users ----

    /** As with Docker, the user is looked up in the image's files when the container starts. */
    @Test
    void aNegativeUserIdIsOutOfRangeAtStart() {
        String name = harness.name("negative-uid");
        CommandResult r = docker.run("run", "--name", name, "-u", "-1", "busybox", "true");
        try {
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).contains("Error response from daemon: uids and gids must be in range 0-2147483647");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    // ---- tmpfs ----

    @Test
    void tmpfsMountsWithDockersDefaultsAndTheGivenOptions() {
        assertThat(run("--tmpfs", "/scratch:size=1m,mode=700", "busybox", "sh", "-c",
                "grep ' /scratch ' /proc/mounts | cut -d' ' -f3,4"))
                .isEqualTo("tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=700");
    }

    @Test
    void anUnknownTmpfsOptionIsRefusedBeforeCreate() {
        assertRefused("invalid tmpfs option [\"bogus\"] (--tmpfs)", "--tmpfs", "/scratch:bogus", "busybox", "true");
    }

    // ---- ulimit ----

    @Test
    void ulimitSetsTheSoftAndHardLimits() {
        assertThat(run("--ulimit", "nofile=512:1024", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn")).isEqualTo("512\n1024");
    }

    @Test
    void aHardLimitAboveBerthdsOwnIsRefusedBeforeCreate() throws IOException {
        String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .findFirst().orElseThrow().split("\\s+")[1];
        assumeTrue((Long.parseUnsignedLong(capEff, 16) & (1L << 24)) == 0, "berthd cannot raise limits (no CAP_SYS_RESOURCE)");
        String hard = Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .findFirst().orElseThrow().trim().split("\\s+")[4];
        assumeTrue(!hard.equals("unlimited"), "a finite nofile hard limit");
        long above = Long.parseLong(hard) + 1;
        assertRefused("--ulimit nofile=" + above + ":" + above + ": the hard limit is above berthd's own (" + hard + ")",
                "--ulimit", "nofile=" + above + ":" + above, "busybox", "true");
    }

    // ---- sysctl ----

    @Test
    void namespacedSysctlsAreSetInTheContainer() {
        assertThat(run("--sysctl", "kernel.shmmax=123456", "--sysctl", "net.ipv4.ip_unprivileged_port_start=80",
                "busybox", "cat", "/proc/sys/kernel/shmmax", "/proc/sys/net/ipv4/ip_unprivileged_port_start"))
                .isEqualTo("123456\n80");
    }

    @Test
    void anUnknownSysctlIsRefusedBeforeCreateNamingTheFlag() {
        assertRefused("invalid --sysctl: sysctl 'net.ipv4.berth_it_unknown' is not known to this kernel",
                "--sysctl", "net.ipv4.berth_it_unknown=1", "busybox", "true");
    }

    // ---- namespaces ----

    @Test
    void ipcHostSharesTheHostsIpcNamespace() throws IOException {
        assertThat(run("--ipc", "host", "busybox", "readlink", "/proc/self/ns/ipc")).isEqualTo(hostNamespace("ipc"));
        assertThat(run("busybox", "readlink", "/proc/self/ns/ipc")).isNotEqualTo(hostNamespace("ipc"));
    }

    @Test
    void ipcNoneHasNoDevShm() {
        assertThat(run("--ipc", "none", "busybox", "sh", "-c", "grep -c ' /dev/shm ' /proc/mounts || true")).isEqualTo("0");
    }

    @Test
    void ipcContainerJoinsAShareableContainersNamespaceAndShm() throws IOException {
        String donor = harness.name("ipc-donor");
        docker.ok("run", "-d", "--name", donor, "--ipc", "shareable", "busybox", "sh", "-c",
                "echo from-donor > /dev/shm/marker; sleep 300");
        try {
            String donorNs = Files.readSymbolicLink(Path.of("/proc/" + docker.inspect("{{.State.Pid}}", donor) + "/ns/ipc"))
                    .toString();
            assertThat(run("--ipc", "container:" + donor, "busybox", "sh", "-c",
                    "readlink /proc/self/ns/ipc; for i in $(seq 100); do [ -s /dev/shm/marker ] && break; sleep 0.1; done;"
                    + " cat /dev/shm/marker")).isEqualTo(donorNs + "\nfrom-donor");
        } finally {
            docker.run("rm", "-f", donor);
        }
    }

    @Test
    void ipcOfANonShareableContainerCannotBeJoined() {
        String donor = harness.name("ipc-private");
        docker.ok("run", "-d", "--name", donor, "busybox", "sleep", "300");
        try {
            CommandResult r = attempt("--ipc", "container:" + donor, "busybox", "true");
            assertThat(r.exitCode()).as(r.describe()).isNotZero();
            assertThat(r.stderr()).contains("non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
        } finally {
            docker.run("rm", "-f", donor);
        }
    }

    @Test
    void pidHostSeesTheHostsProcesses() throws IOException {
        assertThat(run("--pid", "host", "busybox", "readlink", "/proc/self/ns/pid")).isEqualTo(hostNamespace("pid"));
    }

    @Test
    void pidContainerSeesTheOtherContainersProcesses() {
        String other = harness.name("pid-peer");
        docker.ok("run", "-d", "--name", other, "busybox", "sleep", "300");
        try {
            assertThat(run("--pid", "container:" + other, "busybox", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '"))
                    .isEqualTo("sleep 300");
        } finally {
            docker.run("rm", "-f", other);
        }
    }

    @Test
    void utsHostHasTheHostsHostname() throws IOException {
        assertThat(run("--uts", "host", "busybox", "readlink", "/proc/self/ns/uts")).isEqualTo(hostNamespace("uts"));
    }

    // ---- OOM score ----

    @Test
    void oomScoreAdjIsSetForTheProcess() {
        assertThat(run("--oom-score-adj", "500", "busybox", "cat", "/proc/self/oom_score_adj")).isEqualTo("500");
    }

    @Test
    void anOomScoreAdjOutOfRangeIsRefusedWithDockersMessage() {
        assertRefused("Invalid value 2000, range for oom score adj is [-1000, 1000]", "--oom-score-adj", "2000",
                "busybox", "true");
    }
}
