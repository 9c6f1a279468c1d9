package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.RegistryProxy;
import berth.it.harness.RegistryProxy.Fault;
import berth.it.harness.StoreProbe;
import berth.it.harness.Tar;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves mid-blob (through {@link RegistryProxy}): the pull fails clearly, leaves nothing
 * visible or half-written, and the same pull succeeds once the path is clean. Against an external daemon only the
 * client-visible half is checked; berthd's data root is checked too.
 */
class FaultsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @AfterEach
    void cleanPath() {
        harness.proxy().clearFault();
    }

    @Test
    void pullOfCorruptedBlobFailsCleanlyAndRetrySucceeds(@TempDir Path dir) {
        assertFaultIsContained(dir, "flipped", Fault.FLIP_BYTE);
    }

    @Test
    void pullCutHalfwayThroughBlobFailsCleanlyAndRetrySucceeds(@TempDir Path dir) {
        // Docker retries an interrupted download five times with growing back-off; berthd tries three times, each
        // continuing where the last stopped, and keeps the bytes for the next pull
        Harness.assumeBerthd();
        assertFaultIsContained(dir, "cut", Fault.CUT_HALFWAY);
    }

    private void assertFaultIsContained(Path dir, String hint, Fault fault) {
        Pushed pushed = pushUniqueImage(dir, hint);
        String viaProxy = harness.track(harness.proxy().address() + "/it/" + hint + ":1");
        String imagesBefore = images();
        Optional<StoreProbe> store = harness.store();
        int layersBefore = store.map(s -> s.layerDirs().size()).orElse(0);

        harness.proxy().inject(fault, pushed.layerDigest());
        CommandResult failed = docker.run("pull", viaProxy);

        assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(1);
        if (fault == Fault.FLIP_BYTE) {
            assertThat(failed.stderr()).as("the error names the digest that did not verify: " + failed.describe())
                    .containsIgnoringCase("digest");
        }
        assertThat(images()).as("no trace of the failed pull in docker images").isEqualTo(imagesBefore);
        store.ifPresent(s -> {
            if (fault == Fault.CUT_HALFWAY) {
                // What arrived before the cut is kept, under the blob's name, for the next pull to continue from.
                assertThat(s.ingestFiles()).as("the partial download of the cut blob")
                        .extracting(p -> p.getFileName().toString())
                        .containsExactly("partial-" + pushed.layerDigest().substring("sha256:".length()));
            } else {
                assertThat(s.ingestFiles()).as("partial downloads left in content/ingest").isEmpty();
            }
            assertThat(s.layerDirs()).as("layers/ after a failed pull").hasSize(layersBefore);
            assertThat(s.creatingRows()).as("rows still 'creating'").isEmpty();
        });

        harness.proxy().clearFault();
        int rangesBefore = harness.proxy().rangesAsked(pushed.layerDigest()).size();
        CommandResult retry = docker.run("pull", viaProxy);
        assertThat(retry.exitCode()).as(retry.describe()).isZero();
        if (fault == Fault.CUT_HALFWAY && store.isPresent()) {
            List<String> ranges = harness.proxy().rangesAsked(pushed.layerDigest());
            assertThat(ranges.subList(rangesBefore, ranges.size())).as("the retry asks only for the missing bytes")
                    .singleElement().asString().matches("bytes=[1-9][0-9]*-");
            assertThat(retry.out()).as(retry.describe()).contains("Resuming download at");
            assertThat(store.get().ingestFiles()).as("nothing left in content/ingest after the resumed pull").isEmpty();
        }
        CommandResult run = docker.ok("run", "--rm", viaProxy, "cat", "/it-marker");
        assertThat(run.out()).as(run.describe()).isEqualTo(pushed.marker());
        docker.ok("rmi", viaProxy);
    }

    private String images() {
        return docker.ok("images", "-a", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").out();
    }

    /** What {@link #pushUniqueImage} pushed: the digest of its own layer and the marker inside it. */
    record Pushed(String layerDigest, String marker) {}

    /** busybox plus a layer no daemon has seen (random bytes, so it cannot be skipped as "Already exists"). */
    private Pushed pushUniqueImage(Path dir, String hint) {
        byte[] noise = new byte[256 * 1024];
        new Random().nextBytes(noise);
        String marker = Long.toHexString(new Random().nextLong());
        byte[] top = new Tar().file("it-marker", marker + "\n").file("it-noise", noise).bytes();
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(), top));
        oci.tag(image.manifest(), "t");
        String direct = harness.track(harness.registry().address() + "/it/" + hint + ":1");
        oci.push("t", direct).requireSuccess();
        return new Pushed(image.layers().getLast().digest(), marker);
    }
}
