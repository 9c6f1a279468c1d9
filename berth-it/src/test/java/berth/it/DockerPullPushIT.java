package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.OciLayout;
import berth.it.harness.StoreProbe;
import berth.it.harness.Tar;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** push to and pull from a local registry; layered images built as OCI layouts and copied there with skopeo. */
class DockerPullPushIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @Test
    void pushedImageHasTheDigestTheDaemonRecords() {
        String ref = pushedBusybox("pushed");
        String digest = skopeoDigest(ref);
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        String repo = ref.substring(0, ref.lastIndexOf(':'));
        assertThat(docker.ok("image", "inspect", "--format", "{{json .RepoDigests}}", ref).out())
                .as("RepoDigests after push").contains(repo + "@" + digest);
        docker.ok("rmi", ref);
    }

    @Test
    void pullAfterRmiRestoresRunnableImage() {
        String ref = pushedBusybox("roundtrip");
        String digest = skopeoDigest(ref);
        docker.ok("rmi", ref);
        CommandResult pull = docker.run("pull", ref);
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(pull.stdout()).as(pull.describe()).contains("Digest: " + digest);
        String repo = ref.substring(0, ref.lastIndexOf(':'));
        assertThat(docker.ok("image", "inspect", "--format", "{{json .RepoDigests}}", ref).out())
                .contains(repo + "@" + digest);
        CommandResult run = docker.ok("run", "--rm", ref, "echo", "pulled");
        assertThat(run.out()).as(run.describe()).isEqualTo("pulled");
        docker.ok("rmi", ref);
    }

    @Test
    void pullOfMissingTagSaysManifestNotFound() {
        String ref = harness.registry().address() + "/it/nothere:1";
        CommandResult r = docker.run("pull", ref);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("manifest for " + ref + " not found");
    }

    @Test
    void pullAppliesWhiteoutOfLowerLayer(@TempDir Path dir) {
        String ref = pushTwoLayerImage(dir, "whiteout");
        docker.ok("pull", ref);
        CommandResult added = docker.ok("run", "--rm", ref, "cat", "/etc/it-added");
        assertThat(added.out()).as(added.describe()).isEqualTo("layer two");
        CommandResult gone = docker.run("run", "--rm", ref, "ls", "/etc/group");
        assertThat(gone.exitCode()).as("whited-out /etc/group must be gone: " + gone.describe()).isNotZero();
        CommandResult kept = docker.ok("run", "--rm", ref, "cat", "/etc/passwd");
        assertThat(kept.out()).as(kept.describe()).startsWith("root:x:0:0");
        docker.ok("rmi", ref);
    }

    @Test
    void pullOfImageOnLocalBaseAddsOnlyTheNewLayer(@TempDir Path dir) {
        StoreProbe store = harness.store().orElse(null);
        harness.berthd();
        String ref = pushTwoLayerImage(dir, "shared-base");
        long before = store.layersDiskUsage();
        int dirsBefore = store.layerDirs().size();
        docker.ok("pull", ref);
        long grew = store.layersDiskUsage() - before;
        assertThat(store.layerDirs()).as("one new layer directory").hasSize(dirsBefore + 1);
        assertThat(grew).as("layers/ grew by %d bytes; the busybox base (%d bytes) is already there", grew,
                Busybox.rootfsTar().length).isLessThan(Busybox.rootfsTar().length / 4);
        docker.ok("rmi", ref);
    }

    @Test
    void pullOfIndexPicksLinuxAmd64(@TempDir Path dir) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        var amd64 = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("arch", "amd64\n").bytes()));
        var arm64 = oci.image("arm64", List.of(new Tar().file("arch", "arm64\n").bytes()));
        oci.tag(oci.index(List.of(arm64, amd64)), "multi");
        String ref = harness.track(harness.registry().address() + "/it/multi:1");
        oci.push("multi", ref).requireSuccess();
        docker.ok("pull", ref);
        assertThat(docker.ok("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", ref).out()).isEqualTo("linux/amd64");
        CommandResult run = docker.ok("run", "--rm", ref, "cat", "/arch");
        assertThat(run.out()).as(run.describe()).isEqualTo("amd64");
        docker.ok("rmi", ref);
    }

    private String pushedBusybox(String hint) {
        String ref = harness.image(harness.registry().address() + "/it/" + hint);
        docker.ok("tag", "busybox", ref);
        CommandResult push = docker.run("push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        return ref;
    }

    private static String skopeoDigest(String ref) {
        return LocalRegistry.skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + ref)
                .requireSuccess().out();
    }

    /** busybox's rootfs, then a layer adding /etc/it-added and whiting out /etc/group. */
    private String pushTwoLayerImage(Path dir, String hint) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        byte[] top = new Tar().dir("etc").file("etc/it-added", "layer two\n").file("etc/.wh.group", "").bytes();
        oci.tag(oci.image("amd64", List.of(Busybox.rootfsTar(), top)).manifest(), "t");
        String ref = harness.track(harness.registry().address() + "/it/" + hint + ":1");
        oci.push("t", ref).requireSuccess();
        return ref;
    }
}
