package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restart policies across a berthd restart (after kill -9), as dockerd applies them when it starts. The tests share one
 * berthd, each killing and restarting it and looking only at its own containers.
 */
class RestartPolicyRecoveryIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static void kill(String pid) {
        ProcessRunner.run(List.of("kill", "-9", pid), Map.of(), null, Duration.ofSeconds(10)).requireSuccess();
    }

    @Test
    void containersWhosePolicyAsksForItStartAgainWhenTheyDiedWhileBerthdWasDown() {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String always = harness.name("always");
        String unless = harness.name("unless");
        String none = harness.name("none");
        docker.ok("run", "-d", "--name", always, "--restart", "always", "busybox", "sleep", "300");
        docker.ok("run", "-d", "--name", unless, "--restart", "unless-stopped", "busybox", "sleep", "300");
        docker.ok("run", "-d", "--name", none, "busybox", "sleep", "300");

        List<String> pids = List.of(always, unless, none).stream().map(n -> docker.inspect("{{.State.Pid}}", n)).toList();
        berthd.kill();
        pids.forEach(RestartPolicyRecoveryIT::kill);
        berthd.restart();

        Poll.until(PATIENCE).check(() -> docker.inspect("{{.State.Status}}", always).equals("running")
                        && docker.inspect("{{.State.Status}}", unless).equals("running"),
                () -> docker.run("ps", "-a").describe());
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", none)).isEqualTo("exited 137");
    }

    @Test
    void anUnlessStoppedContainerAClientStoppedStaysStoppedWhenBerthdStarts() {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String name = harness.name("unless-stopped");
        docker.ok("run", "-d", "--name", name, "--restart", "unless-stopped", "busybox", "sleep", "300");
        docker.ok("stop", "-t", "0", name);

        berthd.kill();
        berthd.restart();

        Poll.sleep(2000);
        assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("exited");
    }

    @Test
    void anAlwaysContainerAClientStoppedStartsWhenBerthdStarts() {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String name = harness.name("always-stopped");
        docker.ok("run", "-d", "--name", name, "--restart", "always", "busybox", "sleep", "300");
        docker.ok("stop", "-t", "0", name);
        assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("exited");

        berthd.kill();
        berthd.restart();

        Poll.until(PATIENCE).check(() -> docker.inspect("{{.State.Status}}", name).equals("running"),
                () -> docker.run("ps", "-a").describe());
    }
}
