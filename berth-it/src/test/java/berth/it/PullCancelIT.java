package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BackgroundCommand;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.RegistryProxy.Fault;
import berth.it.harness.StoreProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker CLI killed while its pull waits on a stalled registry: berthd notices the closed connection and cancels
 * the pull at once, and the partial download is gone.
 */
class PullCancelIT {
    // A stall timeout far beyond the test's wait: only the cancellation can end the pull in time.
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry().withDaemonJson("{\"registry-stall-timeout\": 600}");

    private final Docker docker = harness.docker();

    @AfterEach
    void clear() {
        harness.proxy().clearFault();
    }

    @Test
    void killedClientCancelsThePullAndTheNextPullContinuesItsDownload(@TempDir Path dir) throws Exception {
        StoreProbe store = harness.store().orElse(null);
        harness.berthd();
        Harness.ProxiedImage pushed = harness.pushUniqueThroughProxy(dir, "gone");
        harness.proxy().inject(Fault.STALL_HALFWAY, pushed.layerDigest());
        try (BackgroundCommand pull = docker.background("pull", pushed.reference())) {
            assertThat(harness.proxy().awaitStall(60)).as("the transfer reached the stall").isTrue();
            Poll.until(Duration.ofSeconds(30)).check(() -> !store.creatingRows().isEmpty(), () -> "no layer being unpacked");
            pull.close(); // kills the docker CLI: the connection to berthd closes
        }

        // Cancelled: the half-unpacked layer is gone; the bytes that arrived stay for the next pull.
        Instant deadline = Instant.now().plusSeconds(30);
        while (!store.creatingRows().isEmpty() && Instant.now().isBefore(deadline)) Poll.sleep(100);
        assertThat(store.creatingRows()).as("layers still being made after the client went away").isEmpty();
        // (the other layer may have been under way too: it keeps its bytes as well)
        assertThat(store.ingestFiles()).extracting(p -> p.getFileName().toString())
                .contains("partial-" + pushed.layerDigest().substring("sha256:".length()))
                .allMatch(n -> n.startsWith("partial-"));

        harness.proxy().clearFault();
        docker.ok("pull", pushed.reference());
        assertThat(harness.proxy().rangesAsked(pushed.layerDigest())).as("the next pull asks only for the rest")
                .singleElement().asString().matches("bytes=[1-9][0-9]*-");
        assertThat(store.ingestFiles()).isEmpty();
    }
}
