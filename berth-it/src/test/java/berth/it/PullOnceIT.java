package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.RegistryProxy.Fault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulling what is already there, quietly, or twice at once: a repeated pull says the image is up to date, {@code -q}
 * prints only the reference, and two pulls of the same image at the same time fetch each blob from the registry once
 * (the second waits for the first's download).
 */
class PullOnceIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @AfterEach
    void cleanPath() {
        harness.proxy().clearFault();
    }

    @Test
    void aSecondPullSaysTheImageIsUpToDate(@TempDir Path dir) {
        String ref = harness.pushUniqueThroughProxy(dir, "uptodate").reference();
        CommandResult first = docker.ok("pull", ref);
        assertThat(first.stdout()).contains("Status: Downloaded newer image for " + ref);

        CommandResult again = docker.ok("pull", ref);

        assertThat(again.stdout()).contains("Status: Image is up to date for " + ref)
                .doesNotContain("Downloaded newer image");
        docker.ok("rmi", ref);
    }

    @Test
    void berthPullQuietPrintsOnlyTheReference(@TempDir Path dir) {
        Harness.assumeBerthd();
        String ref = harness.pushUniqueThroughProxy(dir, "quiet").reference();

        CommandResult pull = harness.berth().ok("pull", "-q", ref);

        assertThat(pull.stdout().strip()).isEqualTo(ref);
        assertThat(docker.ok("images", "-q", ref).out()).isNotEmpty();
        assertThat(harness.berth().ok("pull", "-q", ref).stdout().strip()).as("up to date, still only the name").isEqualTo(ref);
        docker.ok("rmi", ref);
    }

    @Test
    void twoPullsOfTheSameImageAtOnceDownloadEachBlobOnce(@TempDir Path dir) throws Exception {
        var image = harness.pushUniqueThroughProxy(dir, "twice");
        String shortId = image.layerDigest().substring("sha256:".length(), "sha256:".length() + 12);
        harness.proxy().inject(Fault.PAUSE_HALFWAY, image.layerDigest());

        try (BackgroundCommand first = docker.background("pull", image.reference())) {
            assertThat(harness.proxy().awaitStall(60)).as("the first pull is downloading the layer").isTrue();
            try (BackgroundCommand second = docker.background("pull", image.reference())) {
                Poll.until(Duration.ofSeconds(60)).check(
                        () -> second.lines().stream().anyMatch(l -> l.contains(shortId + ": Waiting")),
                        () -> "the second pull waits for the first's download: " + second.lines());
                harness.proxy().clearFault();

                CommandResult a = first.awaitExit(Duration.ofSeconds(60));
                CommandResult b = second.awaitExit(Duration.ofSeconds(60));
                assertThat(a).isNotNull();
                assertThat(b).isNotNull();
                assertThat(a.exitCode()).as(a.describe()).isZero();
                assertThat(b.exitCode()).as(b.describe()).isZero();
            }
        }
        assertThat(harness.proxy().blobGets(image.layerDigest())).as("GETs of the layer blob").isEqualTo(1);
        docker.ok("rmi", image.reference());
    }
}
