package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Restart policies ({@code --restart}) as Docker applies them: back-off, RestartCount, "restarting", stop. */
class DockerRestartPolicyIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Docker docker = harness.docker();

    private String state(String name) {
        return docker.inspect("{{.State.Status}} {{.RestartCount}}", name);
    }

    @Test
    void onFailureRestartsAFailingContainerUpToItsRetryCount() {
        String name = harness.name("onfailure");
        docker.ok("run", "-d", "--name", name, "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3");
        Poll.until(PATIENCE).check(() -> state(name).equals("exited 2"), () -> state(name));
        // the back-off after the second restart is 400 ms: a third restart would have happened by now
        Poll.sleep(2000);
        assertThat(state(name)).isEqualTo("exited 2");
        assertThat(docker.inspect("{{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}",
                name)).isEqualTo("3 on-failure:2");
        docker.ok("rm", name);
    }

    @Test
    void onFailureDoesNotRestartAContainerThatSucceeded() {
        String name = harness.name("onfailure-ok");
        docker.ok("run", "-d", "--name", name, "--restart", "on-failure", "busybox", "true");
        Poll.until(PATIENCE).check(() -> docker.inspect("{{.State.Status}}", name).equals("exited"), () -> state(name));
        Poll.sleep(1000);
        assertThat(state(name)).isEqualTo("exited 0");
        docker.ok("rm", name);
    }

    @Test
    void alwaysRestartsAContainerThatExitsCleanly() {
        String name = harness.name("always");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "true");
        Poll.until(PATIENCE).check(() -> Integer.parseInt(docker.inspect("{{.RestartCount}}", name)) >= 3,
                () -> state(name));
        docker.ok("rm", "-f", name);
    }

    @Test
    void aContainerWaitingOutItsBackOffShowsAsRestarting() {
        String name = harness.name("restarting");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sh", "-c", "exit 5");
        // the delay doubles at each restart, so the container soon spends most of its time waiting
        Poll.until(PATIENCE).check(() -> {
            String s = docker.inspect("{{.State.Status}} {{.State.Running}} {{.State.Restarting}} {{.State.Pid}}", name);
            String ps = docker.ok("ps", "--filter", "name=" + name, "--filter", "status=restarting",
                    "--format", "{{.Status}}").out();
            return s.equals("restarting true true 0") && ps.startsWith("Restarting (5) ");
        }, () -> docker.run("ps", "-a", "--filter", "name=" + name).describe());
        docker.ok("rm", "-f", name);
    }

    @Test
    void aRestartingContainerIsRemovedOnlyWithForce() {
        String name = harness.name("rm-restarting");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sh", "-c", "exit 2");
        Poll.until(PATIENCE).check(() -> docker.inspect("{{.State.Status}}", name).equals("restarting"),
                () -> state(name));
        CommandResult rm = docker.run("rm", name);
        assertThat(rm.exitCode()).as(rm.describe()).isEqualTo(1);
        assertThat(rm.stderr()).contains("Stop the container before attempting removal or force remove");
        docker.ok("rm", "-f", name);
        assertThat(docker.run("inspect", name).exitCode()).isEqualTo(1);
    }

    @Test
    void killEndsRestarting() {
        String name = harness.name("killed");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sh", "-c", "exit 1");
        Poll.until(PATIENCE).check(() -> Integer.parseInt(docker.inspect("{{.RestartCount}}", name)) >= 3,
                () -> state(name));
        docker.ok("kill", name);
        String killed = state(name);
        assertThat(killed).startsWith("exited ");
        Poll.sleep(3000);
        assertThat(state(name)).as("no restart after kill").isEqualTo(killed);
        docker.ok("rm", name);
    }

    @Test
    void waitingForAContainerThatIsRestartingLastsUntilItsNextRunEnds() {
        String name = harness.name("wait-restarting");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sh", "-c", "exit 6");
        // from the seventh restart on the delay is 6.4 s and more: long enough to ask while it waits
        String[] seen = new String[1];
        Poll.until(PATIENCE).check(() -> {
            seen[0] = docker.inspect("{{.State.Status}} {{.RestartCount}} {{.State.StartedAt}}", name);
            String[] f = seen[0].split(" ");
            return f[0].equals("restarting") && Integer.parseInt(f[1]) >= 7;
        }, () -> seen[0]);
        String startedBefore = seen[0].split(" ")[2];
        // a container waiting to restart counts as running, as in Docker: the wait ends with its next run
        assertThat(docker.ok("wait", name).out()).isEqualTo("6");
        assertThat(docker.inspect("{{.State.StartedAt}}", name)).isNotEqualTo(startedBefore);
        docker.ok("rm", "-f", name);
    }

    @Test
    void stopEndsRestarting() {
        String name = harness.name("stopped");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sh", "-c", "exit 1");
        Poll.until(PATIENCE).check(() -> Integer.parseInt(docker.inspect("{{.RestartCount}}", name)) >= 3,
                () -> state(name));
        docker.ok("stop", name);
        String stopped = state(name);
        assertThat(stopped).startsWith("exited ");
        Poll.sleep(3000);
        assertThat(state(name)).as("no restart after stop").isEqualTo(stopped);
        docker.ok("rm", name);
    }

    @Test
    void aClientsStartSetsTheRestartCountBackToZero() {
        String name = harness.name("reset");
        // fails once, then keeps running
        docker.ok("run", "-d", "--name", name, "--restart", "on-failure", "busybox", "sh", "-c",
                "test -f /done && exec sleep 300; touch /done; exit 1");
        Poll.until(PATIENCE).check(() -> state(name).equals("running 1"), () -> state(name));
        docker.ok("restart", "-t", "0", name);
        assertThat(state(name)).isEqualTo("running 0");
        docker.ok("rm", "-f", name);
    }

    @Test
    void anUnknownPolicyIsRefused() {
        CommandResult r = docker.run("run", "--restart", "sometimes", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains("invalid restart policy: unknown policy 'sometimes'; use one of 'no', "
                + "'always', 'on-failure', or 'unless-stopped'");
    }

    @Test
    void onFailureWithANegativeCountIsRefused() {
        CommandResult r = docker.run("run", "--restart", "on-failure:-1", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains("invalid restart policy: maximum retry count cannot be negative");
    }

    @Test
    void aRestartPolicyWithAutoRemoveIsRefused() {
        CommandResult cli = docker.run("run", "--rm", "--restart", "always", "busybox", "true");
        assertThat(cli.exitCode()).as(cli.describe()).isEqualTo(125);
        String socket = docker.host().replaceFirst("^unix://", "");
        CommandResult api = ProcessRunner.run(List.of("curl", "-s", "--unix-socket", socket, "-X", "POST",
                "-H", "Content-Type: application/json", "-d",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}",
                "http://berth/containers/create"), Map.of(), null, Duration.ofSeconds(60));
        assertThat(api.out()).isEqualTo("{\"message\":\"can't create 'AutoRemove' container with restart policy\"}");
    }
}
