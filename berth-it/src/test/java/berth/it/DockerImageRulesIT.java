package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.ProcessRunner;
import berth.it.harness.BerthRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rmi's rules with containers, image inspect's shape, list filters, damaged images, registry lookup failures. */
class DockerImageRulesIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    /** An image of its own (busybox's files, a label of its own, so its own ID), tagged {@code ref}. */
    private String importUnique(String hint) {
        String ref = harness.image("it-" + hint);
        docker.exec(Busybox.rootfsTar(), Docker.DEFAULT_TIMEOUT, "import", "-c", "CMD [\"sh\"]",
                "-c", "LABEL it.unique=" + UUID.randomUUID(), "-", ref).requireSuccess();
        return ref;
    }

    private String id(String ref) {
        return docker.ok("image", "inspect", "--format", "{{.Id}}", ref).out();
    }

    @Test
    void forcedRmiByIdOfAnImageARunningContainerUsesIsRefused() {
        String ref = importUnique("rmi-running");
        String id = id(ref);
        String name = harness.name("rmi-running");
        String container = docker.ok("run", "-d", "--name", name, ref, "sleep", "300").out();

        CommandResult rmi = docker.run("rmi", "-f", id.substring(7, 19));

        assertThat(rmi.exitCode()).as(rmi.describe()).isEqualTo(1);
        assertThat(rmi.stderr()).as(rmi.describe()).contains("conflict: unable to delete " + id.substring(7, 19)
                + " (cannot be forced) - image is being used by running container " + container.substring(0, 12));
        assertThat(id(ref)).isEqualTo(id);
        docker.ok("rm", "-f", name);
        docker.ok("rmi", ref);
    }

    @Test
    void forcedRmiOfAnImageOnlyAStoppedContainerUsesDeletesItAndTheContainerStillRuns() {
        String ref = importUnique("rmi-stopped");
        String id = id(ref);
        String name = harness.name("rmi-stopped");
        docker.ok("create", "--name", name, ref, "echo", "still runs");

        CommandResult rmi = docker.ok("rmi", "-f", ref);

        assertThat(rmi.stdout()).as(rmi.describe()).contains("Untagged: " + ref, "Deleted: " + id);
        assertThat(docker.ok("images", "-q", "--no-trunc").outLines()).doesNotContain(id);
        assertThat(docker.run("image", "inspect", id).exitCode()).isEqualTo(1);
        CommandResult start = docker.ok("start", "-a", name);
        assertThat(start.out()).as(start.describe()).isEqualTo("still runs");
        docker.ok("rm", name);
    }

    @Test
    void imageInspectConfigHasDockersKeys() {
        // Raw JSON: the docker CLI re-encodes what it decodes and would hide empty keys either way.
        String socket = docker.host().substring("unix://".length());
        String config = ProcessRunner.run(List.of("curl", "-s", "--unix-socket", socket, "http://berth/v1.50/images/busybox/json"),
                Map.of(), null, Docker.DEFAULT_TIMEOUT).requireSuccess().out();

        assertThat(config).contains("\"Hostname\":\"\"", "\"AttachStdin\":false", "\"Env\":null", "\"Entrypoint\":null",
                "\"OnBuild\":null", "\"Volumes\":null", "\"Labels\":null", "\"Cmd\":[\"sh\"]");
    }

    @Test
    void containerConfigIsShownToClientsOfApi144Only() {
        CommandResult old = ProcessRunner.run(List.of(BerthRoot.DOCKER, "image", "inspect", "--format",
                        "{{json .ContainerConfig}}", "busybox"),
                Map.of("DOCKER_HOST", docker.host(), "DOCKER_CONFIG", "/tmp/bit-docker-config", "DOCKER_API_VERSION", "1.44"),
                null, Docker.DEFAULT_TIMEOUT).requireSuccess();
        assertThat(old.out()).contains("\"Hostname\":\"\"", "\"Cmd\":null");

        String current = docker.ok("image", "inspect", "--format", "{{json .}}", "busybox").out();
        assertThat(current).doesNotContain("\"ContainerConfig\"", "\"Container\"");
    }

    @Test
    void lastTagTimeIsSetByTag() {
        String ref = importUnique("lasttag");
        Instant before = Instant.now();
        String again = harness.image("it-lasttag-again");
        docker.ok("tag", ref, again);

        Instant lastTag = Instant.parse(docker.ok("image", "inspect", "--format", "{{.Metadata.LastTagTime}}", ref).out()
                .replace(" +0000 UTC", "Z").replace(" ", "T"));
        assertThat(lastTag).isAfterOrEqualTo(before.minusSeconds(1));
        docker.ok("rmi", ref, again);
    }

    @Test
    void untilFilterKeepsImagesCreatedBeforeIt() {
        String ref = importUnique("until");
        String future = String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond());

        assertThat(docker.ok("images", "--filter", "until=1h", "--format", "{{.Repository}}:{{.Tag}}").outLines())
                .doesNotContain(ref);
        assertThat(docker.ok("images", "--filter", "until=" + future, "--format", "{{.Repository}}:{{.Tag}}").outLines())
                .contains(ref);
        docker.ok("rmi", ref);
    }

    @Test
    void unknownImageFilterIsRefused() {
        CommandResult r = docker.run("images", "--filter", "x=1");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("invalid filter 'x'");
    }

    @Test
    void referenceErrorsKeepTheirDetail() {
        CommandResult r = docker.run("rmi", "NotLowerCase");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("invalid reference format").contains("must be lowercase");
    }

    @Test
    void pullFromAnUnresolvableRegistryReportsTheLookup() {
        // RFC 2606: .invalid never resolves; nothing leaves the machine beyond the resolver.
        CommandResult r = docker.run("pull", "nosuchhost.invalid/x:1");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("lookup nosuchhost.invalid").contains("no such host")
                .doesNotContain("connection refused");
    }

    @Test
    void aDamagedImageConfigBreaksOnlyThatImageWhichCanBeRemoved() throws IOException {
        Path blobs = harness.berthd().dataRoot().resolve("content/blobs/sha256");
        String ref = importUnique("damaged");
        String id = id(ref);
        Path config = blobs.resolve(id.substring(7));
        config.toFile().setWritable(true);
        Files.writeString(config, "{ damaged");
        harness.berthd().restart(); // parsed configs are cached: the damage is met when the blob is read again

        CommandResult images = docker.run("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.exitCode()).as(images.describe()).isZero();
        assertThat(images.outLines()).contains("busybox:latest", ref);
        CommandResult inspect = docker.run("image", "inspect", ref);
        assertThat(inspect.stderr()).as(inspect.describe()).contains("image " + id + " is damaged");
        CommandResult run = docker.run("run", "--rm", ref, "true");
        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.stderr()).as(run.describe()).contains(id.substring(7, 19));
        assertThat(docker.ok("run", "--rm", "busybox", "echo", "others work").out()).isEqualTo("others work");

        docker.ok("rmi", "-f", ref);
        assertThat(docker.ok("images", "--format", "{{.Repository}}:{{.Tag}}").outLines()).doesNotContain(ref);
    }
}
