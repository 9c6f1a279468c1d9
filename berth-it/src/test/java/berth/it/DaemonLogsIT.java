package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Container logs at the daemon's level: daemon.json's defaults, and rotation that goes on while berthd is down. */
class DaemonLogsIT {
    @RegisterExtension
    final Harness harness = Harness.shared().perTest();

    /** Bytes in ctr.log and its rotated generations ({@code ctr.log.hold} is a second name of ctr.log, or of a lost file). */
    private static long keptBytes(Path containerDir, boolean withHold) throws IOException {
        long total = 0;
        try (var files = Files.list(containerDir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.matches("ctr\\.log(\\.\\d+)?") || withHold && n.equals("ctr.log.hold")) total += Files.size(f);
            }
        }
        return total;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void daemonJsonLogDriverAndOptsApplyToContainersThatSetNone() throws Exception {
        BerthDaemon berthd = harness.berthd();
        Files.writeString(berthd.sandboxDir().resolve("daemon.json"),
                "{\"log-driver\":\"local\",\"log-opts\":{\"max-size\":\"20k\",\"max-file\":\"2\"}}");
        berthd.restart();
        Docker docker = harness.docker();
        assertThat(docker.ok("info", "--format", "{{.LoggingDriver}}").out()).isEqualTo("local");
        String name = harness.name("daemon-log-opts");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "i=0; while [ $i -lt 5000 ]; do echo line$i; i=$((i+1)); done");
        CommandResult tail = docker.ok("logs", "--tail", "1", name);
        assertThat(tail.out()).isEqualTo("line4999");
        Path dir = berthd.dataRoot().resolve("containers").resolve(docker.inspect("{{.Id}}", name));
        assertThat(keptBytes(dir, false)).as("bytes of log kept with daemon.json's max-size=20k, max-file=2")
                .isLessThanOrEqualTo(40_000);
    }

    @Test
    void conmonKeepsTheBoundWhileBerthdIsDownAndBerthdCatchesUpAfterARestart() throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String name = harness.name("log-restart");
        // ~80 kB/s: a few rotations a second at 50k
        docker.ok("run", "-d", "--name", name, "--log-opt", "max-size=50k", "--log-opt", "max-file=3", "busybox", "sh",
                "-c", "i=0; while true; do echo line$i; i=$((i+1)); [ $((i % 500)) -eq 0 ] && sleep 0.3; done");
        Path dir = berthd.dataRoot().resolve("containers").resolve(docker.inspect("{{.Id}}", name));
        Thread.sleep(1000);
        berthd.kill();
        Thread.sleep(3000);
        assertThat(keptBytes(dir, true)).as("log bytes on disk while berthd is down (three files and one orphan)")
                .isLessThanOrEqualTo(4 * 50_000);
        berthd.restart();
        Thread.sleep(1000);
        assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
        docker.ok("stop", "-t", "1", name);
        assertThat(keptBytes(dir, false)).as("log bytes kept after the restart").isLessThanOrEqualTo(3 * 50_000);
        Poll.until(Duration.ofSeconds(10)).check(() -> sameFile(dir.resolve("ctr.log.hold"), dir.resolve("ctr.log")),
                () -> "berthd does not hold the file conmon writes again after its restart");
        java.util.List<String> lines = docker.ok("logs", "--tail", "3", name).outLines();
        assertThat(lines).hasSize(3);
        int last = Integer.parseInt(lines.get(2).substring("line".length()));
        assertThat(lines).containsExactly("line" + (last - 2), "line" + (last - 1), "line" + last);
    }
}
