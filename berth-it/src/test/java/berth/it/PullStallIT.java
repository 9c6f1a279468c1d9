package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.OciLayout;
import berth.it.harness.RegistryProxy.Fault;
import berth.it.harness.Tar;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
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

    /** busybox plus a layer no daemon has (random bytes); returns the proxy's reference and the layer's digest. */
    private String[] pushUnique(Path dir, String hint) {
        byte[] noise = new byte[512 * 1024];
        new Random().nextBytes(noise);
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        OciLayout.Image image = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("noise", noise).bytes()));
        oci.tag(image.manifest(), "t");
        oci.push("t", harness.track(harness.registry().address() + "/it/" + hint + ":1")).requireSuccess();
        return new String[] {harness.track(harness.proxy().address() + "/it/" + hint + ":1"),
                image.layers().getLast().digest()};
    }

    @Test
    void stalledRegistryFailsThePullWithTheStallTimeout(@TempDir Path dir) {
        String[] pushed = pushUnique(dir, "stall");
        harness.proxy().inject(Fault.STALL_HALFWAY, pushed[1]);

        CommandResult pull = docker.run("pull", pushed[0]);

        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        assertThat(pull.stderr()).as(pull.describe()).contains("the registry sent no data for 3s while downloading " + pushed[1]);
        harness.store().ifPresent(s -> assertThat(s.ingestFiles()).as("partial downloads").isEmpty());
    }
}
