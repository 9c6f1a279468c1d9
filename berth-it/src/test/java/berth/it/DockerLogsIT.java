package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker logs: the two streams kept apart, -f, --tail, -t, --since; rotation bounds (--log-opt), log drivers. */
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

    @Test
    void aLastLineWithoutNewlineIsPrintedAsItIsByLogsAndLogsFollow() {
        String name = harness.name("logs-partial");
        docker.ok("run", "--name", name, "busybox", "printf", "one\\ntwo");
        assertThat(docker.ok("logs", name).stdout()).isEqualTo("one\ntwo");
        assertThat(docker.ok("logs", "-f", name).stdout()).isEqualTo("one\ntwo");
        assertThat(docker.ok("logs", "--tail", "1", name).stdout()).isEqualTo("two");
        docker.ok("rm", name);
    }

    @Test
    void aFastWriterKeepsAtMostMaxFileFilesOfMaxSizeAndTailStillShowsItsLastLines() throws Exception {
        String name = harness.name("logs-rotate");
        docker.ok("run", "--name", name, "--log-opt", "max-size=100k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 40000 ]; do echo line$i; i=$((i+1)); done");
        CommandResult tail = docker.ok("logs", "--tail", "5", name);
        assertThat(tail.outLines()).as(tail.describe())
                .containsExactly("line39995", "line39996", "line39997", "line39998", "line39999");
        List<String> all = docker.ok("logs", name).outLines();
        assertThat(all.size()).as("40000 lines of ~55 bytes on disk cannot all be kept").isLessThan(40000);
        assertThat(all.subList(all.size() - 5, all.size())).isEqualTo(tail.outLines());
        if (!Harness.external()) {
            Path dir = harness.berthd().dataRoot().resolve("containers").resolve(docker.inspect("{{.Id}}", name));
            long total = 0;
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("ctr\\.log(\\.\\d+)?")).toList()) {
                    total += Files.size(f);
                }
            }
            assertThat(total).as("bytes of log kept on disk").isLessThanOrEqualTo(200_000 + 10_000);
        }
        docker.ok("rm", name);
    }

    @Test
    void logsFollowGoesOnThroughEachRotationWithoutLosingALine() throws Exception {
        String name = harness.name("logs-follow-rotate");
        // ~150 bytes a line, 3000 lines: about five rotations at 100k, spaced by the pauses; five files hold all of
        // it, so even a follower that starts late must see every line
        docker.ok("run", "-d", "--name", name, "--log-opt", "max-size=100k", "--log-opt", "max-file=5", "busybox", "sh",
                "-c", "sleep 1; p=$(printf '%0100d' 0); i=1; while [ $i -le 3000 ]; do echo \"$i $p\"; "
                        + "[ $((i % 100)) -eq 0 ] && sleep 0.2; i=$((i+1)); done");
        try (BackgroundCommand follow = docker.background("logs", "-f", name)) {
            CommandResult done = follow.awaitExit(Duration.ofSeconds(90));
            assertThat(done).as("logs -f did not end when the container exited: " + follow.describe()).isNotNull();
            List<String> numbers = done.outLines().stream().map(l -> l.split(" ")[0]).toList();
            assertThat(numbers).as("line numbers seen by logs -f")
                    .isEqualTo(IntStream.rangeClosed(1, 3000).mapToObj(Integer::toString).toList());
        }
        docker.ok("rm", name);
    }

    @Test
    void logDriverNoneKeepsNothingAndLogsSaysItCannotRead() {
        String name = harness.name("logs-none");
        CommandResult run = docker.ok("run", "--name", name, "--log-driver", "none", "busybox", "echo", "attached output");
        assertThat(run.stdout()).as("attach does not depend on the log").isEqualTo("attached output\n");
        CommandResult logs = docker.run("logs", name);
        assertThat(logs.exitCode()).as(logs.describe()).isEqualTo(1);
        assertThat(logs.stderr()).as(logs.describe())
                .isEqualTo("Error response from daemon: configured logging driver does not support reading\n");
        docker.ok("rm", name);
    }

    @Test
    void localDriverKeepsTheLogLikeJsonFile() {
        String name = harness.name("logs-local");
        docker.ok("run", "--name", name, "--log-driver", "local", "busybox", "sh", "-c", "echo out; echo err >&2");
        CommandResult r = docker.ok("logs", name);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        docker.ok("rm", name);
    }

    @Test
    void unknownLogDriversAndOptionsAreRefusedWithDockersMessages() {
        CommandResult driver = docker.run("run", "--rm", "--log-driver", "splunkish", "busybox", "true");
        assertThat(driver.exitCode()).as(driver.describe()).isEqualTo(125);
        assertThat(driver.stderr()).contains("error looking up logging plugin splunkish: plugin \"splunkish\" not found");
        CommandResult opt = docker.run("run", "--rm", "--log-opt", "max-sise=1m", "busybox", "true");
        assertThat(opt.stderr()).as(opt.describe()).contains("unknown log opt 'max-sise' for json-file log driver");
        CommandResult size = docker.run("run", "--rm", "--log-opt", "max-size=10q", "busybox", "true");
        assertThat(size.stderr()).as(size.describe()).contains("failed to initialize logging driver: invalid suffix: 'q'");
    }

    @Test
    void infoReportsTheDriverLogsUsesByDefault() {
        assertThat(docker.ok("info", "--format", "{{.LoggingDriver}}").out()).isEqualTo("json-file");
    }
}
