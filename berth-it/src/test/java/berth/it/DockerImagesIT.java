package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Busybox;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Tar;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** images, image inspect, tag, rmi, history, import. */
class DockerImagesIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void imagesListsBusybox() {
        CommandResult r = docker.ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        assertThat(r.outLines()).as(r.describe()).anyMatch(l -> l.matches("busybox:latest [0-9a-f]{12}"));
    }

    @Test
    void imagesQuietPrintsShortIds() {
        CommandResult r = docker.ok("images", "-q");
        assertThat(r.outLines()).as(r.describe()).isNotEmpty().allMatch(l -> l.matches("[0-9a-f]{12}"));
    }

    @Test
    void imagesAllIncludesTaggedImages() {
        CommandResult r = docker.ok("images", "-a", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(r.outLines()).as(r.describe()).contains("busybox:latest");
    }

    @Test
    void imagesFilterReferenceMatchesPattern() {
        String ref = harness.image("it-ref");
        docker.ok("tag", "busybox", ref);
        CommandResult r = docker.ok("images", "--filter", "reference=it-ref:*", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(r.outLines()).as(r.describe()).contains(ref).doesNotContain("busybox:latest");
        docker.ok("rmi", ref);
    }

    @Test
    void imagesTableHasDockersHeader() {
        CommandResult r = docker.ok("images", "--filter", "reference=it-no-such-image-anywhere");
        assertThat(r.stdout()).as(r.describe()).isEqualTo("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
    }

    @Test
    void imageInspectReportsIdentityConfigAndLayers() {
        String s = docker.ok("image", "inspect", "--format",
                "{{.Id}}|{{json .RepoTags}}|{{json .Config.Cmd}}|{{len .RootFS.Layers}}|{{.RootFS.Type}}|{{.Size}}|{{.Created}}|{{.Os}}|{{.Architecture}}",
                "busybox").out();
        String[] f = s.split("\\|");
        assertThat(f[0]).as(s).matches("sha256:[0-9a-f]{64}");
        assertThat(f[1]).as(s).contains("\"busybox:latest\"");
        assertThat(f[2]).as(s).isEqualTo("[\"sh\"]");
        assertThat(Integer.parseInt(f[3])).as(s).isEqualTo(1);
        assertThat(f[4]).as(s).isEqualTo("layers");
        assertThat(Long.parseLong(f[5])).as(s).isGreaterThan(500_000);
        assertThat(OffsetDateTime.parse(f[6])).as(s).isNotNull();
        assertThat(f[7] + "/" + f[8]).as(s).isEqualTo("linux/amd64");
    }

    @Test
    void tagAddsReferenceToSameImage() {
        String ref = harness.image("it-tag");
        docker.ok("tag", "busybox", ref);
        assertThat(docker.inspect("{{.Id}}", ref)).isEqualTo(docker.inspect("{{.Id}}", "busybox"));
        docker.ok("rmi", ref);
    }

    @Test
    void rmiOfOneOfSeveralTagsOnlyUntags() {
        String ref = harness.image("it-untag");
        docker.ok("tag", "busybox", ref);
        CommandResult r = docker.ok("rmi", ref);
        assertThat(r.outLines()).as(r.describe()).containsExactly("Untagged: " + ref);
        docker.ok("image", "inspect", "busybox");
    }

    @Test
    void rmiUntagsBeforeDeleting() {
        String ref = importUnique();
        String id = docker.inspect("{{.Id}}", ref);
        CommandResult r = docker.ok("rmi", ref);
        assertThat(r.outLines()).as(r.describe()).startsWith("Untagged: " + ref).contains("Deleted: " + id);
        assertThat(docker.run("image", "inspect", ref).exitCode()).isEqualTo(1);
    }

    @Test
    void rmiRefusesImageUsedByContainer() {
        String ref = importUnique();
        String imageId = docker.inspect("{{.Id}}", ref);
        String containerId = docker.ok("create", ref, "/it-file").out();
        try {
            CommandResult r = docker.run("rmi", ref);
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            assertThat(r.stderr()).as(r.describe()).contains("conflict: unable to remove repository reference \"" + ref
                    + "\" (must force) - container " + containerId.substring(0, 12) + " is using its referenced image "
                    + imageId.substring("sha256:".length(), "sha256:".length() + 12));
        } finally {
            docker.run("rm", containerId);
            docker.run("rmi", ref);
        }
    }

    @Test
    void historyShowsImportedLayer() {
        CommandResult r = docker.ok("history", "--format", "{{.Comment}}|{{.Size}}", "busybox");
        assertThat(r.outLines()).as(r.describe()).hasSize(1);
        assertThat(r.out()).as(r.describe()).startsWith("Imported from -|");
    }

    @Test
    void historyTableHasDockersHeader() {
        CommandResult r = docker.ok("history", "busybox");
        assertThat(r.outLines().getFirst()).as(r.describe())
                .matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT");
    }

    @Test
    void importCreatesRunnableImageFromTarballOnStdin() {
        String ref = harness.image("it-import");
        CommandResult imported = docker.exec(Busybox.rootfsTar(), Duration.ofMinutes(2), "import", "-c",
                "CMD [\"echo\", \"imported\"]", "-", ref);
        assertThat(imported.exitCode()).as(imported.describe()).isZero();
        assertThat(imported.out()).as(imported.describe()).matches("sha256:[0-9a-f]{64}");
        CommandResult run = docker.ok("run", "--rm", ref);
        assertThat(run.out()).as(run.describe()).isEqualTo("imported");
        docker.ok("rmi", ref);
    }

    /** An image of one small file whose content no other image has, so that rmi really deletes it. */
    private String importUnique() {
        String ref = harness.image("it-unique");
        byte[] tar = new Tar().file("it-file", UUID.randomUUID().toString()).bytes();
        docker.exec(tar, Duration.ofMinutes(1), "import", "-", ref).requireSuccess();
        return ref;
    }
}
