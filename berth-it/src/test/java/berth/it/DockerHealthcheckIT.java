package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Health checks run by the engine inside the container, reported as Docker reports them. */
class DockerHealthcheckIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Docker docker = harness.docker();

    private String health(String name) {
        return docker.inspect("{{if .State.Health}}{{.State.Health.Status}}{{end}}", name);
    }

    private void awaitHealth(String name, String status) {
        Poll.until(PATIENCE).check(() -> health(name).equals(status),
                () -> docker.run("inspect", "--format", "{{json .State.Health}}", name).describe());
    }

    @Test
    void aPassingCheckMakesTheContainerHealthy() {
        String name = harness.name("healthy");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "true", "--health-interval", "200ms", "busybox",
                "sleep", "300");
        awaitHealth(name, "healthy");
        assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").out()).endsWith(" (healthy)");
        assertThat(docker.ok("ps", "--filter", "health=healthy", "--format", "{{.Names}}").out()).contains(name);
        assertThat(docker.ok("ps", "--filter", "health=none", "--format", "{{.Names}}").out()).doesNotContain(name);
        docker.ok("rm", "-f", name);
    }

    @Test
    void aNewContainerIsStartingUntilItsFirstCheck() {
        String name = harness.name("starting");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "true", "--health-interval", "1h", "busybox",
                "sleep", "300");
        assertThat(health(name)).isEqualTo("starting");
        assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").out())
                .endsWith(" (health: starting)");
        assertThat(docker.ok("ps", "--filter", "health=starting", "--format", "{{.Names}}").out()).contains(name);
        docker.ok("rm", "-f", name);
    }

    @Test
    void failuresInARowMakeTheContainerUnhealthy() {
        String name = harness.name("unhealthy");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "echo sick; exit 1", "--health-interval", "200ms",
                "--health-retries", "2", "busybox", "sleep", "300");
        awaitHealth(name, "unhealthy");
        assertThat(Integer.parseInt(docker.inspect("{{.State.Health.FailingStreak}}", name))).isGreaterThanOrEqualTo(2);
        assertThat(docker.inspect("{{(index .State.Health.Log 0).ExitCode}} {{(index .State.Health.Log 0).Output}}", name))
                .isEqualTo("1 sick");
        assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").out()).endsWith(" (unhealthy)");
        docker.ok("rm", "-f", name);
    }

    @Test
    void duringTheStartPeriodTheCheckRunsAtTheStartInterval() {
        String name = harness.name("start-interval");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "true", "--health-interval", "1h",
                "--health-start-period", "1h", "--health-start-interval", "200ms", "busybox", "sleep", "300");
        awaitHealth(name, "healthy");
        docker.ok("rm", "-f", name);
    }

    @Test
    void failuresDuringTheStartPeriodDoNotCount() {
        String name = harness.name("start-period");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "false", "--health-interval", "1h",
                "--health-start-period", "1h", "--health-start-interval", "200ms", "--health-retries", "1",
                "busybox", "sleep", "300");
        // at least three failed checks (the log keeps the last five, so a slow poll may see more than three)
        Poll.until(PATIENCE).check(() -> docker.inspect("{{if ge (len .State.Health.Log) 3}}3+{{end}}", name).equals("3+"),
                () -> docker.run("inspect", "--format", "{{json .State.Health}}", name).describe());
        assertThat(docker.inspect("{{.State.Health.Status}} {{.State.Health.FailingStreak}}", name))
                .isEqualTo("starting 0");
        docker.ok("rm", "-f", name);
    }

    @Test
    void theCheckRunsInsideTheContainerAsItsUser() {
        String name = harness.name("inside");
        docker.ok("run", "-d", "--name", name, "-u", "1234", "--hostname", "probed", "--health-cmd",
                "echo $(hostname) $(id -u)", "--health-interval", "200ms", "busybox", "sleep", "300");
        awaitHealth(name, "healthy");
        assertThat(docker.inspect("{{(index .State.Health.Log 0).Output}}", name)).isEqualTo("probed 1234");
        docker.ok("rm", "-f", name);
    }

    @Test
    void aCheckThatRunsOutOfTimeFailsWithDockersMessage() {
        String name = harness.name("timeout");
        docker.ok("run", "-d", "--name", name, "--health-cmd", "sleep 60", "--health-timeout", "300ms",
                "--health-interval", "300ms", "--health-retries", "1", "busybox", "sleep", "300");
        awaitHealth(name, "unhealthy");
        assertThat(docker.inspect("{{(index .State.Health.Log 0).ExitCode}}|{{(index .State.Health.Log 0).Output}}", name))
                .isEqualTo("-1|Health check exceeded timeout (300ms)");
        docker.ok("rm", "-f", name);
    }

    @Test
    void aStatusChangeIsAHealthStatusEvent() throws Exception {
        String name = harness.name("event");
        try (BackgroundCommand events = docker.background("events", "--filter", "container=" + name, "--filter",
                "event=health_status", "--format", "{{.Action}} {{.Actor.Attributes.name}}")) {
            docker.ok("run", "-d", "--name", name, "--health-cmd", "true", "--health-interval", "200ms", "busybox",
                    "sleep", "300");
            Poll.until(PATIENCE).check(() -> events.lines().contains("health_status: healthy " + name),
                    events::describe);
        }
        docker.ok("rm", "-f", name);
    }

    @Test
    void theImagesHealthcheckAppliesUnlessTurnedOff(@TempDir Path dir) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        var image = oci.image("amd64", List.of(Busybox.rootfsTar()), "{\"Cmd\":[\"sleep\",\"300\"],"
                + "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"exit 1\"],\"Interval\":200000000,\"Retries\":1}}");
        oci.tag(image.manifest(), "checked");
        String ref = harness.track(harness.registry().address() + "/it/checked:1");
        oci.push("checked", ref).requireSuccess();
        docker.ok("pull", ref);
        String checked = harness.name("image-check");
        String unchecked = harness.name("no-check");
        docker.ok("run", "-d", "--name", checked, ref);
        docker.ok("run", "-d", "--name", unchecked, "--no-healthcheck", ref);
        awaitHealth(checked, "unhealthy");
        assertThat(docker.inspect("{{json .Config.Healthcheck.Test}}", checked)).isEqualTo("[\"CMD-SHELL\",\"exit 1\"]");
        assertThat(health(unchecked)).as("--no-healthcheck").isEmpty();
        assertThat(docker.ok("ps", "--filter", "name=" + unchecked, "--format", "{{.Status}}").out()).doesNotContain("(");
        docker.ok("rm", "-f", checked, unchecked);
    }

    @Test
    void aCheckWhoseCommandCannotRunFailsWithExitCodeMinusOne() {
        String name = harness.name("no-binary");
        String socket = docker.host().replaceFirst("^unix://", "");
        ProcessRunner.run(List.of("curl", "-sf", "--unix-socket", socket, "-X", "POST", "-H",
                "Content-Type: application/json", "-d", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"300\"],"
                        + "\"Healthcheck\":{\"Test\":[\"CMD\",\"it-no-such-binary\"],\"Interval\":200000000,\"Retries\":1}}",
                "http://berth/containers/create?name=" + name), Map.of(), null, Duration.ofSeconds(60)).requireSuccess();
        docker.ok("start", name);
        awaitHealth(name, "unhealthy");
        assertThat(docker.inspect("{{(index .State.Health.Log 0).ExitCode}}|{{(index .State.Health.Log 0).Output}}", name))
                .startsWith("-1|OCI runtime exec failed: exec failed: ")
                .contains("\"it-no-such-binary\": executable file not found in $PATH");
        docker.ok("rm", "-f", name);
    }

    @Test
    void anIntervalBelowOneMillisecondIsRefused() {
        CommandResult r = docker.run("run", "--health-cmd", "true", "--health-interval", "500us", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).contains("Interval in Healthcheck cannot be less than 1ms");
    }
}
