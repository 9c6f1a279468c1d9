package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.OciLayout;
import berth.it.harness.Tar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another tool of the ecosystem on the other side of the registry: what Berth pushes, skopeo inspects and copies;
 * what skopeo pushes (Docker schema2 and OCI, single manifests and lists), Berth pulls and runs.
 */
class SkopeoInteropIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @Test
    void whatBerthPushesSkopeoInspectsAndCopies(@TempDir Path dir) throws IOException {
        String ref = harness.image(harness.registry().address() + "/interop/pushed");
        docker.ok("tag", "busybox", ref);
        String pushed = docker.ok("push", ref).out();

        JsonNode inspected = JSON.readTree(skopeo("inspect", "--tls-verify=false", "docker://" + ref).out());
        assertThat(pushed).contains("digest: " + inspected.path("Digest").asText());
        assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.path("Os").asText()).isEqualTo("linux");

        skopeo("copy", "--src-tls-verify=false", "docker://" + ref, "oci:" + dir.resolve("copy") + ":t");
        assertThat(Files.exists(dir.resolve("copy/index.json"))).isTrue();
        docker.ok("rmi", ref);
    }

    @Test
    void dockerSchema2PushedBySkopeoRunsOnBerth(@TempDir Path dir) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        oci.tag(oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("format", "v2s2\n").bytes())).manifest(), "t");
        String ref = harness.track(harness.registry().address() + "/interop/v2s2:1");
        skopeo("copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + oci.dir() + ":t", "docker://" + ref);

        docker.ok("pull", ref);
        assertThat(docker.ok("run", "--rm", ref, "cat", "/format").out()).isEqualTo("v2s2");
        docker.ok("rmi", ref);
    }

    @Test
    void dockerManifestListPushedBySkopeoRunsItsAmd64ImageOnBerth(@TempDir Path dir) {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        var amd64 = oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("arch", "amd64\n").bytes()));
        var arm64 = oci.image("arm64", List.of(new Tar().file("arch", "arm64\n").bytes()));
        oci.tag(oci.index(List.of(arm64, amd64)), "multi");
        String ref = harness.track(harness.registry().address() + "/interop/list:1");
        skopeo("copy", "--all", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + oci.dir() + ":multi", "docker://" + ref);

        docker.ok("pull", ref);
        assertThat(docker.ok("run", "--rm", ref, "cat", "/arch").out()).isEqualTo("amd64");
        docker.ok("rmi", ref);
    }

    @Test
    void ociImagePushedBySkopeoRunsOnBerthAndBerthPushesItOnAsOci(@TempDir Path dir) throws IOException {
        OciLayout oci = new OciLayout(dir.resolve("oci"));
        oci.tag(oci.image("amd64", List.of(Busybox.rootfsTar(), new Tar().file("format", "oci\n").bytes())).manifest(), "t");
        String ref = harness.track(harness.registry().address() + "/interop/oci:1");
        skopeo("copy", "--dest-tls-verify=false", "oci:" + oci.dir() + ":t", "docker://" + ref);

        docker.ok("pull", ref);
        assertThat(docker.ok("run", "--rm", ref, "cat", "/format").out()).isEqualTo("oci");
        String again = harness.track(harness.registry().address() + "/interop/oci-again:1");
        docker.ok("tag", ref, again);
        docker.ok("push", again);
        JsonNode raw = JSON.readTree(skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + again).out());
        assertThat(raw.path("mediaType").asText()).as("pushed as pulled, byte for byte").isEqualTo(OciLayout.MANIFEST);
        docker.ok("rmi", ref, again);
    }

    private static CommandResult skopeo(String... args) {
        return LocalRegistry.skopeo(args).requireSuccess();
    }
}
