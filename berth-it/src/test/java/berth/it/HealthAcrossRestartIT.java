package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A container's State.Health is kept in the store: a berthd restart loses neither its status nor its log. */
class HealthAcrossRestartIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private void awaitHealthy(String name) {
        Poll.until(Duration.ofSeconds(60)).check(
                () -> docker.inspect("{{if .State.Health}}{{.State.Health.Status}}{{end}}", name).equals("healthy"),
                () -> docker.run("inspect", "--format", "{{json .State.Health}}", name).describe());
    }

    @Test
    void aStoppedContainersHealthIsStillShownAfterARestart() {
        String name = harness.name("health-stopped");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "echo fine", "--health-interval", "200ms", "busybox",
                "sleep", "300");
        awaitHealthy(name);
        docker.ok("stop", "-t", "0", name);
        String before = docker.inspect("{{json .State.Health}}", name);

        harness.berthd().restart();

        assertThat(docker.inspect("{{json .State.Health}}", name)).isEqualTo(before);
        assertThat(docker.inspect("{{.State.Health.Status}} {{(index .State.Health.Log 0).Output}}", name))
                .isEqualTo("healthy fine");
        docker.ok("rm", "-f", name);
    }

    @Test
    void aRunningContainersChecksGoOnFromTheStatusAndLogTheyHad() {
        String name = harness.name("health-running");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "true", "--health-interval", "2s", "busybox",
                "sleep", "300");
        awaitHealthy(name);
        String firstProbe = docker.inspect("{{(index .State.Health.Log 0).Start}}", name);

        harness.berthd().restart();

        // the results from before the restart are still in the log, and the container did not go back to starting
        assertThat(docker.inspect("{{(index .State.Health.Log 0).Start}}", name)).isEqualTo(firstProbe);
        assertThat(docker.inspect("{{.State.Health.Status}}", name)).isEqualTo("healthy");
        docker.ok("rm", "-f", name);
    }
}
