package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.BerthDaemon;
import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.NetworkProbe;
import berth.it.harness.OciLayout;
import berth.it.harness.Poll;
import berth.it.harness.RegistryProxy.Fault;
import berth.it.harness.StoreProbe;
import berth.it.harness.Tar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of berthd at named points (DESIGN.md §4, §6.40): after a restart on the same directories the store is
 * consistent (no 'creating' rows, no leaked overlay mounts, no partial downloads) and the interrupted work succeeds.
 * The tests share one berthd, each killing and restarting it; each removes what it made. A wrapper runc, named by BERTH_RUNC, holds {@code runc create} while a flag file
 * exists so that the daemon can be killed in the middle of a container start.
 */
class CrashRecoveryIT {
    private static final Path FAULTS = faultsDir();
    private static final Path HOLD_CREATE = FAULTS.resolve("hold-create");
    private static final Path CREATE_REACHED = FAULTS.resolve("create-reached");

    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry()
            .withEnv(Map.of("BERTH_RUNC", FAULTS.resolve("runc").toString()));

    @AfterAll
    static void removeWrapper() throws IOException {
        Files.deleteIfExists(HOLD_CREATE);
        Files.deleteIfExists(CREATE_REACHED);
        Files.deleteIfExists(FAULTS.resolve("runc"));
        Files.deleteIfExists(FAULTS);
    }

    @Test
    void killDuringPullLeavesConsistentStoreAndPullSucceedsAfterRestart(@TempDir Path dir) throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        byte[] noise = new byte[512 * 1024];
        new Random().nextBytes(noise);
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(),
                new Tar().file("it-noise", noise).file("it-marker", "after-crash\n").bytes()));
        oci.tag(image.manifest(), "t");
        oci.push("t", harness.registry().address() + "/it/crash-pull:1").requireSuccess();
        String viaProxy = harness.proxy().address() + "/it/crash-pull:1";

        harness.proxy().inject(Fault.STALL_HALFWAY, image.layers().getLast().digest());
        try (BackgroundCommand pull = docker.background("pull", viaProxy)) {
            assertThat(harness.proxy().awaitStall(60)).as("the pull never reached the stalled blob: " + pull.describe())
                    .isTrue();
            berthd.kill();
        }
        harness.proxy().clearFault();
        berthd.restart();

        assertConsistent(berthd);
        assertThat(docker.run("image", "inspect", viaProxy).exitCode()).as("half-pulled image is not visible").isEqualTo(1);
        docker.ok("pull", viaProxy);
        CommandResult run = docker.ok("run", "--rm", viaProxy, "cat", "/it-marker");
        assertThat(run.out()).as(run.describe()).isEqualTo("after-crash");
    }

    @Test
    void killDuringContainerStartLeavesConsistentStoreAndRunSucceedsAfterRestart() throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String name = harness.name("crash-start");
        Files.deleteIfExists(CREATE_REACHED);
        Files.writeString(HOLD_CREATE, "");
        try (BackgroundCommand run = docker.background("run", "-d", "--name", name, "busybox", "sleep", "300")) {
            Poll.until(Duration.ofSeconds(60)).check(() -> Files.exists(CREATE_REACHED),
                    () -> "runc create was never called: " + run.describe() + "\n" + berthd.logTail());
            berthd.kill();
        } finally {
            Files.deleteIfExists(HOLD_CREATE);
        }
        berthd.restart();

        StoreProbe store = new StoreProbe(berthd.dataRoot());
        assertThat(store.creatingRows()).as("rows still 'creating' after restart").isEmpty();
        CommandResult rm = docker.run("rm", "-f", name);
        assertThat(rm.exitCode() == 0 || rm.stderr().contains("No such container"))
                .as("the interrupted container is either removable or gone: " + rm.describe()).isTrue();
        Poll.until(Duration.ofSeconds(20)).check(() -> store.mounts().isEmpty(),
                () -> "overlay mounts leaked under the data root: " + store.mounts());
        CommandResult again = docker.ok("run", "--rm", "busybox", "echo", "after-crash");
        assertThat(again.out()).as(again.describe()).isEqualTo("after-crash");
        assertConsistent(berthd);
    }

    @Test
    void killDuringAStartOnTheBridgeWithAPublishedPortLeavesNoNetworkAfterRestart() throws Exception {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        docker.ok("run", "--rm", "busybox", "true");
        NetworkProbe probe = new NetworkProbe(berthd);
        NetworkProbe.Snapshot before = probe.settled();
        String name = harness.name("crash-net");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.deleteIfExists(CREATE_REACHED);
        Files.writeString(HOLD_CREATE, "");
        try (BackgroundCommand run = docker.background("run", "-d", "--name", name, "-p", port + ":80", "busybox",
                "sleep", "300")) {
            Poll.until(Duration.ofSeconds(60)).check(() -> Files.exists(CREATE_REACHED),
                    () -> "runc create was never called: " + run.describe() + "\n" + berthd.logTail());
            berthd.kill();
        } finally {
            Files.deleteIfExists(HOLD_CREATE);
        }
        berthd.restart();

        assertThat(probe.awaiting(before)).as("network left by the interrupted start").isEqualTo(before);
        docker.run("rm", "-f", name);
        try (java.net.ServerSocket s = new java.net.ServerSocket(port)) {
            assertThat(s.getLocalPort()).as("the published port is free again").isEqualTo(port);
        }
        CommandResult again = docker.ok("run", "--rm", "-p", port + ":80", "busybox", "echo", "after-crash");
        assertThat(again.out()).as(again.describe()).isEqualTo("after-crash");
    }

    @Test
    void runningContainerSurvivesDaemonKillAndRestart() {
        BerthDaemon berthd = harness.berthd();
        Docker docker = harness.docker();
        String name = harness.name("survivor");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "echo before-crash; exec sleep 300");
        Poll.until(Duration.ofSeconds(20)).check(() -> docker.run("logs", name).stdout().contains("before-crash"),
                () -> docker.run("logs", name).describe());
        String pid = docker.inspect("{{.State.Pid}}", name);

        berthd.kill();
        berthd.restart();

        CommandResult ps = docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Names}} {{.State}}");
        assertThat(ps.out()).as(ps.describe()).isEqualTo(name + " running");
        assertThat(docker.inspect("{{.State.Pid}}", name)).as("the same process, not a new one").isEqualTo(pid);
        assertThat(docker.ok("logs", name).stdout()).isEqualTo("before-crash\n");
        docker.ok("stop", "-t", "1", name);
        assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", name)).isEqualTo("exited 137");
        docker.ok("rm", name);
        assertConsistent(berthd);
    }

    private static void assertConsistent(BerthDaemon berthd) {
        StoreProbe store = new StoreProbe(berthd.dataRoot());
        assertThat(store.creatingRows()).as("rows still 'creating' after restart").isEmpty();
        // a download cut by the kill keeps its bytes for the next pull (partial-<digest>); nothing else may stay
        assertThat(store.ingestFiles()).as("unfinished writes in content/ingest after restart")
                .allMatch(p -> p.getFileName().toString().startsWith("partial-"));
        assertThat(store.mounts()).as("overlay mounts under the data root with no container running").isEmpty();
    }

    /** The wrapper: records that {@code runc create} was reached, holds it while the flag exists, then runs runc. */
    private static Path faultsDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "bit-runc-");
            Path runc = dir.resolve("runc");
            Files.writeString(runc, """
                    #!/bin/sh
                    for a in "$@"; do
                      if [ "$a" = create ]; then
                        : > %2$s
                        i=0
                        while [ -e %1$s ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
                        break
                      fi
                    done
                    exec /usr/sbin/runc "$@"
                    """.formatted(dir.resolve("hold-create"), dir.resolve("create-reached")));
            Files.setPosixFilePermissions(runc, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
