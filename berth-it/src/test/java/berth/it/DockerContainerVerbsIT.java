package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** create, start, stop, kill, restart, rm, wait, inspect. */
class DockerContainerVerbsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static final String NEVER_STARTED = "0001-01-01T00:00:00Z";
    /** Loops in short sleeps so that a trapped signal is handled within ~0.1 s. */
    private static final String TRAP_LOOP = "echo ready; while true; do sleep 0.1; done";

    private final Docker docker = harness.docker();

    @Test
    void createMakesContainerInCreatedState() {
        String name = harness.name("create");
        CommandResult r = docker.ok("create", "--name", name, "busybox", "echo", "later");
        assertThat(r.out()).as(r.describe()).matches("[0-9a-f]{64}");
        assertThat(docker.inspect("{{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.State.StartedAt}}", name))
                .isEqualTo("created false 0 " + NEVER_STARTED);
        docker.ok("rm", name);
    }

    @Test
    void startAttachPrintsOutputAndReturnsExitCode() {
        String name = harness.name("start-a");
        docker.ok("create", "--name", name, "busybox", "sh", "-c", "echo attached; exit 4");
        CommandResult r = docker.run("start", "-a", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
        assertThat(r.out()).as(r.describe()).isEqualTo("attached");
        docker.ok("rm", name);
    }

    @Test
    void stopSendsSigtermFirst() {
        String name = runTrapping("trap 'exit 0' TERM; " + TRAP_LOOP);
        long started = System.nanoTime();
        docker.ok("stop", "-t", "30", name);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("a container that exits on TERM must not wait for the timeout").isLessThan(Duration.ofSeconds(10));
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("exited 0");
        docker.ok("rm", name);
    }

    @Test
    void stopSendsSigkillAfterTimeout() {
        String name = runTrapping("trap '' TERM; " + TRAP_LOOP);
        long started = System.nanoTime();
        docker.ok("stop", "-t", "2", name);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("stop -t 2 of a container ignoring TERM").isBetween(Duration.ofMillis(1500), Duration.ofSeconds(12));
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("exited 137");
        docker.ok("rm", name);
    }

    @Test
    void killSendsSigkillByDefault() {
        String name = harness.name("kill");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        docker.ok("kill", name);
        awaitStatus(name, "exited");
        assertThat(docker.inspect("{{.State.ExitCode}} {{.State.Running}}", name)).isEqualTo("137 false");
        docker.ok("rm", name);
    }

    @Test
    void killDeliversTheRequestedSignal() {
        String name = runTrapping("trap 'echo got-usr1; exit 5' USR1; " + TRAP_LOOP);
        docker.ok("kill", "-s", "USR1", name);
        CommandResult wait = docker.ok("wait", name);
        assertThat(wait.out()).as(wait.describe()).isEqualTo("5");
        assertThat(docker.ok("logs", name).stdout()).contains("got-usr1");
        docker.ok("rm", name);
    }

    @Test
    void restartStartsContainerAgain() {
        String name = harness.name("restart");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        String before = docker.inspect("{{.State.Pid}} {{.State.StartedAt}}", name);
        docker.ok("restart", "-t", "1", name);
        String after = docker.inspect("{{.State.Pid}} {{.State.StartedAt}}", name);
        assertThat(after).as("pid and start time after restart").isNotEqualTo(before);
        assertThat(docker.inspect("{{.State.Status}} {{.RestartCount}}", name)).startsWith("running");
        docker.ok("rm", "-f", name);
    }

    @Test
    void rmRefusesRunningContainer() {
        String name = harness.name("rm-running");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        CommandResult r = docker.run("rm", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).containsIgnoringCase("cannot remove a running container");
        assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
        docker.ok("rm", "-f", name);
    }

    @Test
    void rmForceRemovesRunningContainer() {
        String name = harness.name("rm-f");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        CommandResult r = docker.run("rm", "-f", name);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        CommandResult gone = docker.run("container", "inspect", name);
        assertThat(gone.stderr()).as(gone.describe()).contains("No such container: " + name);
    }

    @Test
    void waitPrintsExitCode() {
        String name = harness.name("wait");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "sleep 1; exit 7");
        CommandResult r = docker.ok("wait", name);
        assertThat(r.out()).as(r.describe()).isEqualTo("7");
        docker.ok("rm", name);
    }

    @Test
    void inspectReportsRunningState() {
        String name = harness.name("insp-run");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        String[] s = docker.inspect("{{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.State.StartedAt}} {{.State.FinishedAt}}", name)
                .split(" ");
        assertThat(s[0]).isEqualTo("running");
        assertThat(s[1]).isEqualTo("true");
        assertThat(Long.parseLong(s[2])).as("Pid of a running container").isPositive();
        assertThat(OffsetDateTime.parse(s[3])).isAfter(OffsetDateTime.parse(NEVER_STARTED));
        assertThat(s[4]).isEqualTo(NEVER_STARTED);
        docker.ok("rm", "-f", name);
    }

    @Test
    void inspectReportsExitedState() {
        String name = harness.name("insp-exit");
        docker.run("run", "--name", name, "busybox", "sh", "-c", "sleep 0.3; exit 2");
        String[] s = docker.inspect("{{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.State.ExitCode}} {{.State.StartedAt}} {{.State.FinishedAt}}", name)
                .split(" ");
        assertThat(s).as(String.join(" ", s)).startsWith("exited", "false", "0", "2");
        assertThat(OffsetDateTime.parse(s[5])).as("FinishedAt after StartedAt").isAfter(OffsetDateTime.parse(s[4]));
        docker.ok("rm", name);
    }

    @Test
    void inspectReportsConfigAndHostConfig() {
        String name = harness.name("insp-cfg");
        docker.ok("create", "--name", name, "-e", "IT=1", "-w", "/tmp", "busybox", "sh", "-c", "echo x");
        assertThat(docker.inspect("{{json .Config.Cmd}}", name)).isEqualTo("[\"sh\",\"-c\",\"echo x\"]");
        assertThat(docker.inspect("{{.Config.Image}} {{.Config.WorkingDir}}", name)).isEqualTo("busybox /tmp");
        assertThat(docker.inspect("{{json .Config.Env}}", name)).contains("\"IT=1\"");
        assertThat(docker.inspect("{{.HostConfig.AutoRemove}} {{.HostConfig.RestartPolicy.Name}}", name))
                .isEqualTo("false no");
        assertThat(docker.inspect("{{.Name}} {{len .Id}}", name)).isEqualTo("/" + name + " 64");
        docker.ok("rm", name);
    }

    @Test
    void inspectReportsBindMounts(@TempDir Path host) throws Exception {
        Files.writeString(host.resolve("in.txt"), "from-host\n");
        String name = harness.name("insp-mnt");
        CommandResult r = docker.ok("run", "--name", name, "-v", host + ":/data", "busybox", "cat", "/data/in.txt");
        assertThat(r.out()).as(r.describe()).isEqualTo("from-host");
        assertThat(docker.inspect("{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}} {{.RW}}{{end}}", name))
                .isEqualTo("bind " + host + " /data true");
        assertThat(docker.inspect("{{json .HostConfig.Binds}}", name)).isEqualTo("[\"" + host + ":/data\"]");
        docker.ok("rm", name);
    }

    private String runTrapping(String script) {
        String name = harness.name("trap");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", script);
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.run("logs", name).stdout().contains("ready"),
                () -> name + " never printed ready: " + docker.run("logs", name).describe());
        return name;
    }

    private void awaitStatus(String name, String status) {
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.inspect("{{.State.Status}}", name).equals(status),
                () -> name + " is not " + status + ": " + docker.inspect("{{json .State}}", name));
    }
}
