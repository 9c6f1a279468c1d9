package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pause and unpause: the cgroup freezer, the paused state in ps and inspect, stop and kill of a paused container. */
class DockerPauseIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    /** Counts in /count every 0.1 s, so that progress can be read from outside with cp. */
    private static final String COUNTER = "i=0; while true; do i=$((i+1)); echo $i > /count; sleep 0.1; done";

    private final Docker docker = harness.docker();

    private String runCounter(String hint) {
        String name = harness.name(hint);
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", COUNTER);
        Poll.until(Duration.ofSeconds(20)).check(() -> count(name) > 0, () -> "the counter of " + name + " never ran");
        return name;
    }

    /** The counter's value, read through docker cp (no exec needed); 0 while there is none. */
    private long count(String name) {
        CommandResult r = docker.run("cp", name + ":/count", "-");
        if (!r.succeeded()) return 0;
        // the tar's one file holds digits and a newline, after every header: the last such line is the count
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![0-9.=])([0-9]+)\n").matcher(r.stdout());
        long last = 0;
        while (m.find()) last = Long.parseLong(m.group(1));
        return last;
    }

    @Test
    void pausedContainerShowsPausedInInspectAndPs() {
        String name = runCounter("pause-state");
        docker.ok("pause", name);
        assertThat(docker.inspect("{{.State.Status}} {{.State.Running}} {{.State.Paused}}", name))
                .isEqualTo("paused true true");
        assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Status}}").out()).endsWith("(Paused)");
        docker.ok("rm", "-f", name);
    }

    @Test
    void statusFilterTellsPausedFromRunning() {
        String name = runCounter("pause-filter");
        docker.ok("pause", name);
        assertThat(docker.ok("ps", "-q", "--no-trunc", "--filter", "name=" + name, "--filter", "status=paused").out())
                .isEqualTo(docker.inspect("{{.Id}}", name));
        assertThat(docker.ok("ps", "-q", "--filter", "name=" + name, "--filter", "status=running").out()).isEmpty();
        docker.ok("rm", "-f", name);
    }

    @Test
    void pausedProcessMakesNoProgressUntilUnpaused() {
        String name = runCounter("pause-progress");
        docker.ok("pause", name);
        long frozen = count(name);
        Poll.sleep(1000);
        assertThat(count(name)).as("a frozen counter").isEqualTo(frozen);
        docker.ok("unpause", name);
        Poll.until(Duration.ofSeconds(20)).check(() -> count(name) > frozen, () -> "the counter did not go on after unpause");
        assertThat(docker.inspect("{{.State.Status}} {{.State.Paused}}", name)).isEqualTo("running false");
        docker.ok("rm", "-f", name);
    }

    @Test
    void pauseOfStoppedContainerFailsWithDockersMessage() {
        String name = harness.name("pause-stopped");
        String id = docker.ok("create", "--name", name, "busybox", "true").out();
        CommandResult r = docker.run("pause", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Container " + id + " is not running");
        docker.ok("rm", name);
    }

    @Test
    void unpauseOfRunningContainerFailsWithDockersMessage() {
        String name = runCounter("unpause-running");
        String id = docker.inspect("{{.Id}}", name);
        CommandResult r = docker.run("unpause", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("Container " + id + " is not paused");
        docker.ok("rm", "-f", name);
    }

    @Test
    void startOfPausedContainerIsRefused() {
        String name = runCounter("pause-start");
        docker.ok("pause", name);
        CommandResult r = docker.run("start", name);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).contains("cannot start a paused container, try unpause instead");
        docker.ok("rm", "-f", name);
    }

    @Test
    void removeOfPausedContainerWithoutForceIsRefused() {
        String name = runCounter("pause-rm");
        docker.ok("pause", name);
        CommandResult r = docker.run("rm", name);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains("You cannot remove a paused container");
        docker.ok("rm", "-f", name);
    }

    @Test
    void stopOfPausedContainerStopsIt() {
        String name = runCounter("pause-stop");
        docker.ok("pause", name);
        docker.ok("stop", "-t", "1", name);
        assertThat(docker.inspect("{{.State.Status}} {{.State.Paused}}", name)).isEqualTo("exited false");
        docker.ok("rm", name);
    }

    @Test
    void killOfPausedContainerKillsIt() {
        String name = runCounter("pause-kill");
        docker.ok("pause", name);
        docker.ok("kill", name);
        Poll.until(Duration.ofSeconds(30)).check(() -> docker.inspect("{{.State.Status}}", name).equals("exited"),
                () -> "a killed paused container is " + docker.inspect("{{.State.Status}}", name));
        assertThat(docker.inspect("{{.State.ExitCode}}", name)).isEqualTo("137");
        docker.ok("rm", name);
    }

    @Test
    void pauseAndUnpauseAreEvents() {
        String name = runCounter("pause-events");
        String since = String.valueOf(System.currentTimeMillis() / 1000 - 1);
        docker.ok("pause", name);
        docker.ok("unpause", name);
        String until = String.valueOf(System.currentTimeMillis() / 1000 + 1);
        CommandResult events = docker.ok("events", "--since", since, "--until", until, "--filter", "container=" + name,
                "--format", "{{.Action}}");
        assertThat(events.outLines()).containsSubsequence("pause", "unpause");
        docker.ok("rm", "-f", name);
    }
}
