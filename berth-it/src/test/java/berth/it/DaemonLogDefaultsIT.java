package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** daemon.json's log-driver and log-opts: the default of containers that name none, and what /info reports. */
class DaemonLogDefaultsIT {
    @RegisterExtension
    final Harness harness = Harness.shared().perTest();

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
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("ctr\\.log(\\.\\d+)?")).toList()) {
                total += Files.size(f);
            }
        }
        assertThat(total).as("bytes of log kept with daemon.json's max-size=20k, max-file=2").isLessThanOrEqualTo(40_000);
    }
}
