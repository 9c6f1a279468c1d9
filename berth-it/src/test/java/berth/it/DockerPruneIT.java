package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Disk reclamation through the docker CLI and berth: image prune (dangling, -a, label filters), system df with the
 * writable layers and logs of containers, Berth's dry runs, and a store back at its baseline after a round of pull,
 * run, remove and prune.
 */
class DockerPruneIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    /** A new image on top of busybox (a commit of a container that wrote {@code file}), labelled. */
    private String committed(String hint, String label) {
        Docker docker = harness.docker();
        String container = harness.name(hint + "-src");
        docker.ok("run", "--name", container, "busybox", "sh", "-c", "echo " + hint + " > /" + hint);
        String ref = harness.track("it/" + harness.name(hint) + ":1");
        docker.ok("commit", "-c", "LABEL it.prune=" + label, container, ref);
        docker.ok("rm", container);
        return ref;
    }

    private static String id(String ref) {
        return harness.docker().inspect("{{.Id}}", ref);
    }

    @Test
    void imagePruneRemovesOnlyDanglingImagesUnlessAll() {
        Docker docker = harness.docker();
        String kept = committed("kept", "a");
        String dangling = committed("dangling", "a");
        String danglingId = id(dangling);
        docker.ok("tag", kept, dangling); // the tag moves: the other image is dangling now
        CommandResult prune = docker.ok("image", "prune", "-f");
        assertThat(prune.out()).contains("deleted: " + danglingId);
        assertThat(docker.run("image", "inspect", danglingId).exitCode()).isEqualTo(1);
        assertThat(docker.run("image", "inspect", kept).exitCode()).isZero();
    }

    @Test
    void imagePruneAllWithALabelFilterRemovesTheUnusedImagesCarryingIt() {
        Docker docker = harness.docker();
        String gone = committed("labelled", "go");
        String stays = committed("other", "stay");
        CommandResult prune = docker.ok("image", "prune", "-a", "-f", "--filter", "label=it.prune=go");
        assertThat(prune.out()).contains("untagged: " + gone);
        assertThat(docker.run("image", "inspect", gone).exitCode()).isEqualTo(1);
        assertThat(docker.run("image", "inspect", stays).exitCode()).isZero();
    }

    @Test
    void anImageAContainerUsesIsNotPruned() {
        Docker docker = harness.docker();
        String used = committed("used", "used");
        String container = harness.name("user");
        docker.ok("create", "--name", container, used, "true");
        docker.ok("image", "prune", "-a", "-f", "--filter", "label=it.prune=used");
        assertThat(docker.run("image", "inspect", used).exitCode()).isZero();
        docker.ok("rm", container);
    }

    @Test
    void aDryRunListsExactlyWhatThePruneThenRemoves() {
        Harness.assumeBerthd();
        String a = committed("dry-a", "dry");
        committed("dry-b", "dry");
        CommandResult dry = harness.berth().ok("image", "prune", "-a", "--dry-run", "--filter", "label=it.prune=dry");
        assertThat(harness.docker().run("image", "inspect", a).exitCode()).as("a dry run removes nothing").isZero();
        CommandResult real = harness.berth().ok("image", "prune", "-a", "-f", "--filter", "label=it.prune=dry");
        assertThat(dry.out().replace("Would delete", "Deleted").replace("reclaimable", "reclaimed"))
                .isEqualTo(real.out());
        assertThat(real.out()).contains("untagged: " + a);
    }

    @Test
    void systemDfCountsAContainersWritableLayerAndLogs() {
        Docker docker = harness.docker();
        String container = harness.name("df");
        // 200 kB written to the upper dir and 300 kB of output (one line, so the log adds little of its own) to the log
        docker.ok("run", "--name", container, "busybox", "sh", "-c",
                "dd if=/dev/zero of=/written bs=1k count=200 2>/dev/null; head -c 300000 /dev/zero | tr '\\0' x");
        String size = docker.ok("system", "df", "-v", "--format", "{{range .Containers}}{{if eq .Names \"" + container
                + "\"}}{{.Size}}{{end}}{{end}}").out().strip();
        docker.ok("rm", container);
        assertThat(size).matches("(5\\d\\d|6\\d\\d)kB");
    }

    @Test
    void afterPullRunRemoveAndPruneTheStoreIsBackAtItsBaseline() {
        Harness.assumeBerthd();
        Docker docker = harness.docker();
        String source = committed("roundtrip", "roundtrip");
        String remote = harness.track(harness.registry().address() + "/it/" + harness.name("roundtrip") + ":1");
        docker.ok("tag", source, remote);
        docker.ok("push", remote);
        docker.ok("rmi", source, remote);
        docker.ok("image", "prune", "-a", "-f", "--filter", "label=it.prune=roundtrip");
        long baseline = storeBytes();

        docker.ok("pull", remote);
        String container = harness.name("roundtrip-run");
        docker.ok("run", "--name", container, remote, "sh", "-c", "dd if=/dev/zero of=/data bs=1k count=500 2>/dev/null; echo logged");
        assertThat(storeBytes()).isGreaterThan(baseline);
        docker.ok("rm", container);
        docker.ok("image", "prune", "-a", "-f", "--filter", "label=it.prune=roundtrip");
        assertThat(storeBytes()).isEqualTo(baseline);
    }

    /**
     * Bytes of the files under the data root's layers, blobs and containers (the database is not counted: SQLite keeps
     * freed pages; nor are directories, which ext4 never shrinks).
     */
    private static long storeBytes() {
        Path root = harness.store().orElseThrow().dataRoot();
        CommandResult files = ProcessRunner.run(List.of("find", root.resolve("layers").toString(),
                root.resolve("content").toString(), root.resolve("containers").toString(), "-type", "f", "-printf", "%s\\n"),
                Map.of(), null, Duration.ofSeconds(60)).requireSuccess();
        long total = 0;
        for (String line : files.outLines()) if (!line.isBlank()) total += Long.parseLong(line.strip());
        return total;
    }
}
