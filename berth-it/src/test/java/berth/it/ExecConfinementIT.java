package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exec without a terminal is started by berth-exec, not runc, and must end up exactly where {@code runc exec}
 * puts it. Two daemons side by side: one as shipped, one with berth-exec turned off (BERTH_EXEC_HELPER=runc), each with
 * the same two containers (Docker's defaults; and no-new-privileges, one capability, an rlimit); the same execs in
 * both must report the same confinement.
 */
class ExecConfinementIT {
    @RegisterExtension
    static final Harness fast = Harness.shared();
    @RegisterExtension
    static final Harness runc = Harness.shared().withEnv(Map.of("BERTH_EXEC_HELPER", "runc"));

    /** What /proc/self tells of a process's confinement; container ids in cgroup paths become "ID". */
    private static final String CONFINEMENT = "grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs"
            + "|Seccomp|Seccomp_filters):' /proc/self/status; sed 's#/berth/[0-9a-f]*#/berth/ID#' /proc/self/cgroup; "
            + "ulimit -Hn; umask; pwd; env | grep -v HOSTNAME | sort; "
            + "for n in cgroup ipc mnt net pid uts; do [ $(readlink /proc/self/ns/$n) = $(readlink /proc/1/ns/$n) ] "
            + "&& echo same $n || echo other $n; done";

    private static String plain;
    private static String hardened;

    @BeforeAll
    static void startContainers() {
        plain = fast.name("conf-plain");
        hardened = fast.name("conf-hard");
        for (Harness h : List.of(fast, runc)) {
            h.docker().ok("run", "-d", "--name", plain, "-e", "FROM_RUN=1", "busybox", "sleep", "3000");
            h.docker().ok("run", "-d", "--name", hardened, "--security-opt", "no-new-privileges", "--cap-drop", "ALL",
                    "--cap-add", "NET_RAW", "--ulimit", "nofile=512:1024", "busybox", "sleep", "3000");
        }
    }

    @AfterAll
    static void removeContainers() {
        for (Harness h : List.of(fast, runc)) h.docker().run("rm", "-f", plain, hardened);
    }

    private static CommandResult execIn(Harness h, String container, String... options) {
        List<String> args = new ArrayList<>(List.of("exec"));
        args.addAll(List.of(options));
        args.addAll(List.of(container, "sh", "-c", CONFINEMENT));
        return h.docker().run(args.toArray(String[]::new));
    }

    private static void assertSameAsRunc(String container, String... options) {
        CommandResult viaHelper = execIn(fast, container, options);
        CommandResult viaRunc = execIn(runc, container, options);
        assertThat(viaHelper.exitCode()).as(viaHelper.describe()).isZero();
        assertThat(viaHelper.stdout()).as(viaHelper.describe()).isEqualTo(viaRunc.stdout());
    }

    @Test
    void execWithDockersDefaultsIsConfinedAsRuncExecConfinesIt() {
        assertSameAsRunc(plain);
        assertThat(execIn(fast, plain).stdout()).contains("Seccomp:\t2", "same pid", "same mnt", "same net",
                "same ipc", "same uts", "FROM_RUN=1");
    }

    @Test
    void execAsAnotherUserInAnotherDirectoryWithItsOwnVariablesIsConfinedAsRuncExecConfinesIt() {
        assertSameAsRunc(plain, "-u", "65534:65534", "-w", "/tmp", "-e", "FROM_EXEC=2", "-e", "FROM_RUN=3");
    }

    @Test
    void privilegedExecGetsEveryCapabilityButKeepsTheSeccompFilterAsWithRunc() {
        assertSameAsRunc(plain, "--privileged");
    }

    @Test
    void execInHardenedContainerKeepsNoNewPrivilegesCapabilitiesAndRlimitsAsWithRunc() {
        assertSameAsRunc(hardened);
        assertThat(execIn(fast, hardened).stdout()).contains("NoNewPrivs:\t1", "CapEff:\t0000000000002000", "1024\n");
    }

    @Test
    void execGetsTheSoftLimitsOfTheContainersOwnProcess() {
        // not compared with runc exec: there the Go runtime of runc init raises the soft open-files limit to the hard
        // one, in a race with runc setting the process's limits, so its exec sees 512 or 1024 from one call to the next
        CommandResult r = fast.docker().run("exec", hardened, "sh", "-c",
                "grep 'Max open files' /proc/self/limits; grep 'Max open files' /proc/1/limits");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.outLines()).as(r.describe()).hasSize(2)
                .allMatch(l -> l.matches("Max open files\\s+512\\s+1024\\s+files\\s*"));
    }

    @Test
    void seccompStillDeniesUnshareToAPrivilegedExecAsWithRunc() {
        // the container has no CAP_SYS_ADMIN, so Docker's profile denies unshare; the exec has the capability
        for (Harness h : List.of(fast, runc)) {
            CommandResult r = h.docker().run("exec", "--privileged", plain, "unshare", "-m", "true");
            assertThat(r.exitCode()).as(r.describe()).isNotZero();
            assertThat(r.stderr()).as(r.describe()).contains("Operation not permitted");
        }
    }

    @Test
    void missingCommandFailsWithRuncsMessageOnBothPaths() {
        for (Harness h : List.of(fast, runc)) {
            CommandResult r = h.docker().run("exec", plain, "nosuchcommand");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(126);
            assertThat(r.stdout() + r.stderr()).as(r.describe()).contains("OCI runtime exec failed: exec failed: "
                    + "unable to start container process: exec: \"nosuchcommand\": executable file not found in $PATH");
        }
    }

    @Test
    void execWithoutTerminalIsStartedByBerthExecUnlessTurnedOff() throws Exception {
        assertThat(parentOfExec(fast, "31337")).isEqualTo("berth-exec");
        assertThat(parentOfExec(runc, "31338")).isEqualTo("runc");
    }

    /** The host name of the process that started a detached {@code sleep <marker>} exec. */
    private static String parentOfExec(Harness h, String marker) throws Exception {
        Docker docker = h.docker();
        docker.ok("exec", "-d", plain, "sleep", marker);
        String[] found = new String[1];
        Poll.until(Duration.ofSeconds(10)).check(() -> (found[0] = sleeper(marker).orElse(null)) != null,
                () -> "no process sleep " + marker);
        String status = Files.readString(Path.of("/proc", found[0], "status"));
        String ppid = status.lines().filter(l -> l.startsWith("PPid:")).findFirst().orElseThrow().split("\\s+")[1];
        String parent = Files.readString(Path.of("/proc", ppid, "comm")).strip();
        new ProcessBuilder("kill", found[0]).start().waitFor();
        return parent;
    }

    private static Optional<String> sleeper(String marker) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ').strip();
                    if (cmd.equals("sleep " + marker)) return Optional.of(p.getFileName().toString());
                } catch (java.io.IOException e) {
                    // gone
                }
            }
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
