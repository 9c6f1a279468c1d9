package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input and unknown objects: exit codes and Docker's messages, word for word. */
class DockerErrorsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void pullOfBadReferenceSaysInvalidReferenceFormat() {
        CommandResult r = docker.run("pull", "Bad Ref");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("invalid reference format");
    }

    @Test
    void imageInspectOfUnknownImageSaysNoSuchImage() {
        CommandResult r = docker.run("image", "inspect", "it-no-such-image");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("No such image: it-no-such-image");
    }

    @Test
    void containerInspectOfUnknownContainerSaysNoSuchContainer() {
        CommandResult r = docker.run("container", "inspect", "it-no-such-container");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("No such container: it-no-such-container");
    }

    @Test
    void stopOfUnknownContainerIsDaemons404() {
        CommandResult r = docker.run("stop", "it-no-such-container");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("Error response from daemon: No such container: it-no-such-container");
    }

    @Test
    void rmOfUnknownContainerIsDaemons404() {
        CommandResult r = docker.run("rm", "it-no-such-container");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("Error response from daemon: No such container: it-no-such-container");
    }

    @Test
    void rmiOfUnknownImageIsDaemons404() {
        CommandResult r = docker.run("rmi", "it-no-such-image:1");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe()).contains("No such image: it-no-such-image:1");
    }

    @Test
    void runWithUnknownFlagExits125() {
        CommandResult r = docker.run("run", "--it-no-such-flag", "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("unknown flag: --it-no-such-flag");
    }

    @Test
    void runOfMissingImageWithoutPullExits125() {
        // --pull never: the anchor daemon would otherwise try Docker Hub, which this machine must not contact
        CommandResult r = docker.run("run", "--pull", "never", "--rm", "it-no-such-image", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
        assertThat(r.stderr()).as(r.describe()).contains("No such image: it-no-such-image:latest");
    }

    @Test
    void createWithDuplicateNameIsConflict() {
        String name = harness.name("dup");
        docker.ok("create", "--name", name, "busybox", "true");
        CommandResult r = docker.run("create", "--name", name, "busybox", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("Conflict. The container name \"/" + name + "\" is already in use by container");
        docker.ok("rm", name);
    }
}
