package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker events: live streams, --since/--until windows, container and image actions. */
class DockerEventsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @Test
    void eventsStreamContainerLifecycleOfRunRemove() {
        String name = harness.name("ev-live");
        try (BackgroundCommand events = docker.background("events", "--filter", "type=container", "--filter",
                "container=" + name, "--format", "{{.Action}} {{.Actor.Attributes.name}}")) {
            Poll.sleep(500); // the CLI must have subscribed before the container exists; there is no signal for it
            docker.ok("run", "--rm", "--name", name, "busybox", "true");
            Poll.until(Duration.ofSeconds(20)).check(() -> events.lines().contains("destroy " + name), events::describe);
            assertThat(actions(events.lines())).as(events.describe())
                    .containsSubsequence("create", "start", "die", "destroy");
        }
    }

    @Test
    void eventsSinceUntilReplaysWindowAndExits() throws Exception {
        String name = harness.name("ev-window");
        long since = Instant.now().getEpochSecond() - 1;
        docker.run("run", "--rm", "--name", name, "busybox", "sh", "-c", "exit 3");
        long until = Instant.now().getEpochSecond() + 1;
        CommandResult r = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "container=" + name, "--format", "{{.Action}} {{.Actor.Attributes.exitCode}}");
        assertThat(r.outLines()).as(r.describe()).contains("die 3");
        assertThat(actions(r.outLines())).as(r.describe()).containsSubsequence("create", "start", "die", "destroy");
    }

    @Test
    void eventsUntilInThePastSeesNothingLater() {
        long until = Instant.now().getEpochSecond() - 1;
        String name = harness.name("ev-late");
        docker.ok("run", "--rm", "--name", name, "busybox", "true");
        CommandResult r = docker.ok("events", "--since", Long.toString(until - 60), "--until", Long.toString(until),
                "--filter", "container=" + name);
        assertThat(r.out()).as(r.describe()).isEmpty();
    }

    @Test
    void eventsReportImageTagUntagAndDelete() {
        long since = Instant.now().getEpochSecond() - 1;
        String ref = harness.image("it-ev-img");
        docker.ok("tag", "busybox", ref);
        docker.ok("rmi", ref);
        long until = Instant.now().getEpochSecond() + 1;
        CommandResult r = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "type=image", "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        assertThat(r.outLines()).as(r.describe()).contains("tag " + ref);
        assertThat(actions(r.outLines())).as(r.describe()).containsSubsequence("tag", "untag");
    }

    @Test
    void eventsReportImagePull() {
        String ref = harness.image(harness.registry().address() + "/it/ev-pull");
        docker.ok("tag", "busybox", ref);
        docker.ok("push", ref);
        docker.ok("rmi", ref);
        long since = Instant.now().getEpochSecond() - 1;
        docker.ok("pull", ref);
        long until = Instant.now().getEpochSecond() + 1;
        CommandResult r = docker.ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "type=image", "--format", "{{.Action}} {{.Actor.ID}}");
        assertThat(r.outLines()).as(r.describe()).contains("pull " + ref);
        docker.ok("rmi", ref);
    }

    private static List<String> actions(List<String> lines) {
        return lines.stream().map(l -> l.split(" ")[0]).toList();
    }
}
