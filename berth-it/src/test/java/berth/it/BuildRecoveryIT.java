package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.StoreProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step cache across a berthd restart, and what an interrupted build leaves (nothing). The tests share one berthd,
 * which they stop or kill and restart; none leaves a container behind.
 */
class BuildRecoveryIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    @Test
    void cacheSurvivesARestart(@TempDir Path dir) throws Exception {
        Harness.assumeBerthd();
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo once > /once\n");
        Docker docker = harness.docker();
        String tag = harness.name("restart") + ":1";
        docker.ok("build", "-t", tag, dir.toString());
        harness.berthd().stop();
        harness.berthd().restart();
        CommandResult r = docker.ok("build", "-t", tag, dir.toString());
        assertThat(r.stdout()).as(r.describe()).contains(" ---> Using cache").doesNotContain("Running in");
    }

    @Test
    void killedDaemonMidRunLeavesNoBuildContainerMountOrDirectory(@TempDir Path dir) throws Exception {
        Harness.assumeBerthd();
        BerthDaemon berthd = harness.berthd();
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo started && sleep 300\n");
        Docker docker = harness.docker();
        try (BackgroundCommand build = docker.background("build", "-t", harness.name("killed") + ":1", dir.toString())) {
            Poll.until(Duration.ofSeconds(60)).check(() -> build.lines().stream().anyMatch(l -> l.contains("started")),
                    () -> "the RUN step never started: " + build.describe());
            berthd.kill();
        }
        berthd.restart();
        StoreProbe store = new StoreProbe(berthd.dataRoot());
        Poll.until(Duration.ofSeconds(20)).check(() -> store.mounts().isEmpty(),
                () -> "mounts left under the data root: " + store.mounts());
        assertThat(store.creatingRows()).isEmpty();
        assertThat(berthd.dataRoot().resolve("build")).doesNotExist();
        assertThat(berthd.dataRoot().resolve("containers")).isEmptyDirectory();
        assertThat(berthd.execRoot().resolve("build")).doesNotExist();
        assertThat(docker.ok("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void clientGoingAwayStopsTheStepAndRemovesItsContainer(@TempDir Path dir) throws Exception {
        Harness.assumeBerthd();
        BerthDaemon berthd = harness.berthd();
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo started && sleep 300\n");
        Docker docker = harness.docker();
        try (BackgroundCommand build = docker.background("build", "-t", harness.name("gone") + ":1", dir.toString())) {
            Poll.until(Duration.ofSeconds(60)).check(() -> build.lines().stream().anyMatch(l -> l.contains("started")),
                    () -> "the RUN step never started: " + build.describe());
        }
        Path containers = berthd.dataRoot().resolve("containers");
        Poll.until(Duration.ofSeconds(30)).check(() -> listEmpty(containers), () -> "the step's container is still there");
        StoreProbe store = new StoreProbe(berthd.dataRoot());
        Poll.until(Duration.ofSeconds(20)).check(() -> store.mounts().isEmpty(),
                () -> "mounts left under the data root: " + store.mounts());
        Poll.until(Duration.ofSeconds(20)).check(() -> listEmpty(berthd.dataRoot().resolve("build")),
                () -> "the build's directory is still there");
    }

    private static boolean listEmpty(Path dir) {
        if (!Files.exists(dir)) return true;
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
