package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import berth.it.harness.PtySession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker exec} and the exec endpoints, against one long-running container. */
class DockerExecIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static String box;
    private final Docker docker = harness.docker();

    @BeforeAll
    static void startContainer() {
        box = harness.name("exec-box");
        harness.docker().ok("run", "-d", "--name", box, "-e", "FROM_RUN=1", "busybox", "sleep", "3000");
    }

    @AfterAll
    static void removeContainer() {
        harness.docker().run("rm", "-f", box);
    }

    @Test
    void execExitCodeBecomesTheClientsExitCodeWithStdoutAndStderrApart() {
        CommandResult r = docker.run("exec", box, "sh", "-c", "echo out; echo err >&2; exit 4");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
        assertThat(r.stdout()).as(r.describe()).isEqualTo("out\n");
        assertThat(r.stderr()).as(r.describe()).isEqualTo("err\n");
    }

    @Test
    void execSeesContainerEnvironmentPlusItsOwnVariablesAndEnvFile(@TempDir Path dir) throws Exception {
        Path envFile = dir.resolve("exec.env");
        Files.writeString(envFile, "FROM_FILE=file\n");
        CommandResult r = docker.ok("exec", "-e", "FROM_EXEC=exec", "--env-file", envFile.toString(), box, "sh", "-c",
                "echo $FROM_RUN $FROM_EXEC $FROM_FILE");
        assertThat(r.out()).as(r.describe()).isEqualTo("1 exec file");
    }

    @Test
    void execRunsInTheGivenWorkingDirectory() {
        assertThat(docker.ok("exec", "-w", "/tmp", box, "pwd").out()).isEqualTo("/tmp");
    }

    @Test
    void execUserIsResolvedFromTheContainersPasswd() {
        assertThat(docker.ok("exec", "-u", "nobody", box, "id").out())
                .isEqualTo("uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)");
    }

    @Test
    void execWithUnknownUserFailsWith126AndDockersMessage() {
        CommandResult r = docker.run("exec", "-u", "nosuchuser", box, "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(126);
        assertThat(r.stdout() + r.stderr()).as(r.describe())
                .contains("unable to find user nosuchuser: no matching entries in passwd file");
    }

    @Test
    void execOfMissingCommandFailsWith126AndTheRuntimeError() {
        CommandResult r = docker.run("exec", box, "nosuchcommand");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(126);
        assertThat(r.stdout() + r.stderr()).as(r.describe()).contains("OCI runtime exec failed")
                .contains("executable file not found");
    }

    @Test
    void execProcessSharesTheContainersNamespacesAndCgroup() {
        String ns = "for n in pid mnt net uts ipc; do readlink /proc/$$/ns/$n; done; cat /proc/$$/cgroup";
        String viaExec = docker.ok("exec", box, "sh", "-c", ns).out();
        String ofInit = docker.ok("exec", box, "sh", "-c", ns.replace("$$", "1")).out();
        assertThat(viaExec).isEqualTo(ofInit).contains("pid:[");
    }

    @Test
    void execHasTheContainersCapabilitiesAndPrivilegedHasAll() {
        String init = docker.ok("exec", box, "grep", "CapBnd", "/proc/1/status").out();
        String exec = docker.ok("exec", box, "sh", "-c", "grep CapBnd /proc/$$/status").out();
        String privileged = docker.ok("exec", "--privileged", box, "sh", "-c", "grep CapBnd /proc/$$/status").out();
        assertThat(exec).isEqualTo(init);
        assertThat(Long.parseLong(privileged.split("\\s+")[1], 16)).as(privileged)
                .isGreaterThan(Long.parseLong(init.split("\\s+")[1], 16));
    }

    @Test
    void execRunsUnderTheContainersSeccompAndNoNewPrivilegesSettings() {
        String fields = "grep -E '^(Seccomp|NoNewPrivs|CapEff|CapPrm):' /proc/%s/status";
        String init = docker.ok("exec", box, "sh", "-c", fields.formatted("1")).out();
        String exec = docker.ok("exec", box, "sh", "-c", fields.formatted("$$")).out();
        assertThat(exec).isEqualTo(init).contains("Seccomp:");
    }

    @Test
    void execResizeChangesTheExecsTerminalSize() {
        String file = "/tmp/" + harness.name("exec-size");
        String id = api("POST", "/containers/" + box + "/exec", "{\"Tty\":true,\"ConsoleSize\":[20,50],\"Cmd\":[\"sh\","
                + "\"-c\",\"sleep 2; stty size > " + file + "\"]}")
                .replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
        api("POST", "/exec/" + id + "/start", "{\"Detach\":true,\"Tty\":true}");
        assertThat(api("POST", "/exec/" + id + "/resize?h=33&w=77", null)).isEmpty();
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.run("exec", box, "cat", file).out().equals("33 77"),
                () -> docker.run("exec", box, "cat", file).describe());
    }

    @Test
    void execDetachedRunsInTheBackground() {
        String file = "/tmp/" + harness.name("detached");
        CommandResult r = docker.run("exec", "-d", box, "sh", "-c", "sleep 1; echo done > " + file);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.run("exec", box, "cat", file).out().equals("done"),
                () -> "the detached exec never wrote " + file);
    }

    @Test
    void execStdinPassesThroughAndClosesCleanly() throws Exception {
        CommandResult r = docker.runWithStdin("hello\nworld\n", "exec", "-i", box, "wc", "-l");
        assertThat(r.out()).as(r.describe()).isEqualTo("2");
    }

    @Test
    void execIntoPausedContainerFailsWithDockersMessage() {
        String name = harness.name("exec-paused");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "60");
        String fullId = docker.inspect("{{.Id}}", name);
        docker.ok("pause", name);
        CommandResult r = docker.run("exec", name, "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("container " + fullId + " is paused, unpause the container before exec");
        docker.ok("unpause", name);
        docker.ok("exec", name, "true");
        docker.run("rm", "-f", name);
    }

    @Test
    void execIntoStoppedContainerFailsWithDockersMessage() {
        String name = harness.name("exec-stopped");
        String id = docker.ok("run", "--name", name, "busybox", "true").out();
        String fullId = docker.inspect("{{.Id}}", name);
        CommandResult r = docker.run("exec", name, "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("Error response from daemon: container " + fullId + " is not running");
        assertThat(id).isNotNull();
        docker.run("rm", name);
    }

    @Test
    void execIntoMissingContainerFailsWithNoSuchContainer() {
        CommandResult r = docker.run("exec", "no-such-container-exec", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("No such container: no-such-container-exec");
    }

    @Test
    void execWithTtyGetsAPseudoTerminalOfTheClientsSize() throws Exception {
        try (PtySession pty = PtySession.start("docker exec -it " + box + " sh -c 'tty; stty size; exit 5'",
                docker.env())) {
            assertThat(pty.awaitExit(Duration.ofSeconds(60))).as(pty.describe()).isEqualTo(5);
            assertThat(pty.screen()).as(pty.describe()).contains("/dev/pts/").contains("30 100");
        }
    }

    @Test
    void execEventsCarryTheExecIdAndExitCode() {
        long since = System.currentTimeMillis() / 1000 - 1;
        docker.run("exec", box, "sh", "-c", "exit 3");
        long until = System.currentTimeMillis() / 1000 + 1;
        CommandResult events = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "container=" + box, "--format",
                "{{.Action}}|{{.Actor.Attributes.execID}}|{{.Actor.Attributes.exitCode}}|{{.Actor.Attributes.name}}");
        String execId = events.outLines().stream().filter(l -> l.startsWith("exec_create: sh -c exit 3|"))
                .map(l -> l.split("\\|")[1]).findFirst().orElseThrow(() -> new AssertionError(events.describe()));
        List<String> lines = events.outLines().stream().filter(l -> l.contains("|" + execId + "|")).toList();
        assertThat(execId).matches("[0-9a-f]{64}");
        assertThat(lines).as(events.describe()).containsExactly(
                "exec_create: sh -c exit 3|" + execId + "|<no value>|" + box,
                "exec_start: sh -c exit 3|" + execId + "|<no value>|" + box,
                "exec_die|" + execId + "|3|" + box);
    }

    @Test
    void execInspectReportsProcessConfigExitCodeAndPid() {
        String body = "{\"AttachStdout\":true,\"AttachStderr\":true,\"User\":\"nobody\",\"Cmd\":[\"sh\",\"-c\",\"exit 2\"]}";
        String created = api("POST", "/containers/" + box + "/exec", body);
        String id = created.replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
        String before = api("GET", "/exec/" + id + "/json", null);
        assertThat(before).contains("\"Running\":false").contains("\"ExitCode\":null").contains("\"Pid\":0");
        api("POST", "/exec/" + id + "/start", "{\"Detach\":true}");
        Poll.until(Duration.ofSeconds(20)).check(() -> api("GET", "/exec/" + id + "/json", null).contains("\"ExitCode\":2"),
                () -> api("GET", "/exec/" + id + "/json", null));
        String after = api("GET", "/exec/" + id + "/json", null);
        assertThat(after).contains("\"ID\":\"" + id + "\"").contains("\"Running\":false")
                .contains("\"OpenStdout\":true").contains("\"OpenStdin\":false").contains("\"CanRemove\":false")
                .contains("\"ContainerID\":\"" + docker.inspect("{{.Id}}", box) + "\"")
                .contains("\"ProcessConfig\":{\"arguments\":[\"-c\",\"exit 2\"],\"entrypoint\":\"sh\",\"tty\":false,"
                        + "\"user\":\"nobody\"}")
                .containsPattern("\"Pid\":[1-9]");
    }

    @Test
    void containerInspectListsExecsThatHaveNotEnded() {
        String id = api("POST", "/containers/" + box + "/exec", "{\"Cmd\":[\"sleep\",\"3\"]}")
                .replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(docker.inspect("{{json .ExecIDs}}", box)).contains(id);
        api("POST", "/exec/" + id + "/start", "{\"Detach\":true}");
        assertThat(docker.inspect("{{json .ExecIDs}}", box)).contains(id);
        Poll.until(Duration.ofSeconds(20)).check(() -> !docker.inspect("{{json .ExecIDs}}", box).contains(id),
                () -> docker.inspect("{{json .ExecIDs}}", box));
    }

    @Test
    void anExecCreatedBeforeItsContainerRestartedRunsInTheRestartedContainer() {
        String restarted = harness.name("exec-restart");
        docker.ok("run", "-d", "--name", restarted, "busybox", "sleep", "3000");
        try {
            String firstStart = pid1StartTime(restarted);
            // the create readies the start (berth-exec spawned for the first run); the restart makes that run gone
            String id = api("POST", "/containers/" + restarted + "/exec",
                    "{\"AttachStdout\":true,\"Cmd\":[\"cut\",\"-d\",\" \",\"-f22\",\"/proc/1/stat\"]}")
                    .replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
            docker.ok("restart", "-t", "0", restarted);
            String secondStart = pid1StartTime(restarted);
            assertThat(secondStart).isNotEqualTo(firstStart);
            assertThat(api("POST", "/exec/" + id + "/start", "{\"Detach\":false}")).contains(secondStart);
            assertThat(api("GET", "/exec/" + id + "/json", null)).contains("\"ExitCode\":0");
        } finally {
            docker.run("rm", "-f", restarted);
        }
    }

    @Test
    void anExecNotYetStartedHasNoProcessInTheContainer() {
        String id = api("POST", "/containers/" + box + "/exec", "{\"Cmd\":[\"sleep\",\"7\"]}")
                .replaceAll(".*\"Id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(docker.ok("top", box).out()).doesNotContain("sleep 7", "berth-exec");
        api("POST", "/exec/" + id + "/start", "{\"Detach\":true}");
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.ok("top", box).out().contains("sleep 7"),
                () -> docker.ok("top", box).out());
    }

    private String pid1StartTime(String container) {
        return docker.ok("exec", container, "cut", "-d", " ", "-f22", "/proc/1/stat").out().strip();
    }

    /** One Engine API call through curl on the daemon's socket; the response body. */
    private String api(String method, String path, String json) {
        String socket = docker.host().replaceFirst("^unix://", "");
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-s", "--unix-socket", socket, "-X", method));
        if (json != null) cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", json));
        cmd.add("http://berth/v1.50" + path);
        return ProcessRunner.run(cmd, Map.of(), null, Duration.ofSeconds(60)).out();
    }
}
