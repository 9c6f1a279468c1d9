package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.RegistryProxy.Fault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that stops sending half-way through a layer (the fault proxy): with {@code registry-stall-timeout} in
 * daemon.json the pull fails with a clear error, and the partial download is gone without waiting for a restart.
 */
class PullStallIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry().withDaemonJson("{\"registry-stall-timeout\": 3}");

    private final Docker docker = harness.docker();

    @AfterEach
    void clear() {
        harness.proxy().clearFault();
    }

    @Test
    void stalledRegistryFailsThePullWithTheStallTimeout(@TempDir Path dir) {
        Harness.ProxiedImage pushed = harness.pushUniqueThroughProxy(dir, "stall");
        harness.proxy().inject(Fault.STALL_HALFWAY, pushed.layerDigest());

        CommandResult pull = docker.run("pull", pushed.reference());

        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        assertThat(pull.stderr()).as(pull.describe()).contains("the registry sent no data for 3s while downloading " + pushed.layerDigest());
        // What arrived before the stall is kept for the next pull, under the blob's name (and so is what another layer
        // under way at that moment had); nothing else.
        harness.store().ifPresent(s -> assertThat(s.ingestFiles()).as("partial downloads")
                .extracting(p -> p.getFileName().toString())
                .contains("partial-" + pushed.layerDigest().substring("sha256:".length()))
                .allMatch(n -> n.startsWith("partial-")));
    }
}
