package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker logs: the two streams kept apart, -f, --tail, -t, --since. */
class DockerLogsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void logsKeepStdoutAndStderrApart() {
        String name = harness.name("logs-split");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "echo out; echo err >&2");
        CommandResult r = docker.ok("logs", name);
        assertThat(r.stdout()).as(r.describe()).isEqualTo("out\n");
        assertThat(r.stderr()).as(r.describe()).isEqualTo("err\n");
        docker.ok("rm", name);
    }

    @Test
    void logsFollowStreamsUntilContainerExits() throws Exception {
        String name = harness.name("logs-f");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c",
                "for i in 1 2 3; do echo tick$i; sleep 1; done");
        try (BackgroundCommand follow = docker.background("logs", "-f", name)) {
            Poll.until(Duration.ofSeconds(20)).check(() -> follow.lines().contains("tick1"), follow::describe);
            assertThat(follow.isAlive()).as("logs -f must keep following while the container runs: " + follow.describe())
                    .isTrue();
            CommandResult done = follow.awaitExit(Duration.ofSeconds(30));
            assertThat(done).as("logs -f did not end when the container exited: " + follow.describe()).isNotNull();
            assertThat(done.outLines()).as(done.describe()).containsExactly("tick1", "tick2", "tick3");
        }
        docker.ok("rm", name);
    }

    @Test
    void logsTailShowsLastLines() {
        String name = harness.name("logs-tail");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done");
        CommandResult r = docker.ok("logs", "--tail", "2", name);
        assertThat(r.outLines()).as(r.describe()).containsExactly("line4", "line5");
        docker.ok("rm", name);
    }

    @Test
    void logsTimestampsPrefixEachLine() {
        String name = harness.name("logs-t");
        Instant before = Instant.now().minusSeconds(5);
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "echo first; echo second");
        CommandResult r = docker.ok("logs", "-t", name);
        assertThat(r.outLines()).as(r.describe()).hasSize(2);
        for (String line : r.outLines()) {
            String[] parts = line.split(" ", 2);
            assertThat(OffsetDateTime.parse(parts[0]).toInstant()).as(line).isAfter(before);
        }
        assertThat(r.outLines().stream().map(l -> l.split(" ", 2)[1])).containsExactly("first", "second");
        docker.ok("rm", name);
    }

    @Test
    void logsSinceSkipsEarlierLines() {
        String name = harness.name("logs-since");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "echo early; sleep 2; echo late");
        String early = docker.ok("logs", "-t", name).outLines().getFirst();
        Instant cut = OffsetDateTime.parse(early.split(" ")[0]).toInstant().plusSeconds(1);
        String since = cut.getEpochSecond() + "." + String.format("%09d", cut.getNano());
        CommandResult r = docker.ok("logs", "--since", since, name);
        assertThat(r.outLines()).as(r.describe()).containsExactly("late");
        docker.ok("rm", name);
    }
}
