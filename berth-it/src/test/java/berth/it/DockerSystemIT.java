package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** version and info. Against an external Docker 20.10 the API is 1.41, against berthd 1.50. */
class DockerSystemIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void versionReportsServerApiVersion() {
        CommandResult r = docker.ok("version", "--format", "{{.Server.APIVersion}}|{{.Server.Os}}|{{.Server.Arch}}|{{.Server.Version}}");
        String[] f = r.out().split("\\|");
        String expectedApi = Harness.external() ? "1\\.\\d+" : "1\\.50";
        assertThat(f[0]).as(r.describe()).matches(expectedApi);
        assertThat(f[1] + "/" + f[2]).as(r.describe()).isEqualTo("linux/amd64");
        assertThat(f[3]).as("a Docker-style version that tools compare: " + r.describe()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void versionNegotiatesClientApiDownToServers() {
        CommandResult r = docker.ok("version", "--format", "{{.Client.APIVersion}} {{.Server.APIVersion}}");
        String[] f = r.out().split(" ");
        assertThat(f[0]).as("the CLI speaks min(its own, the server's): " + r.describe()).isEqualTo(f[1]);
    }

    @Test
    void infoReportsCountsAndOs() {
        CommandResult r = docker.ok("info", "--format", "{{.OSType}}|{{.Images}}|{{.Containers}}|{{.ServerVersion}}");
        String[] f = r.out().split("\\|");
        assertThat(f[0]).as(r.describe()).isEqualTo("linux");
        assertThat(Integer.parseInt(f[1])).as("busybox is there: " + r.describe()).isPositive();
        assertThat(Integer.parseInt(f[2])).as(r.describe()).isNotNegative();
        assertThat(f[3]).as(r.describe()).isNotBlank();
    }

    @Test
    void infoCountsContainersByState() {
        String name = harness.name("info");
        String before = docker.ok("info", "--format", "{{.Containers}} {{.ContainersStopped}}").out();
        docker.ok("create", "--name", name, "busybox", "true");
        String after = docker.ok("info", "--format", "{{.Containers}} {{.ContainersStopped}}").out();
        String[] b = before.split(" ");
        String[] a = after.split(" ");
        assertThat(Integer.parseInt(a[0])).as(before + " -> " + after).isEqualTo(Integer.parseInt(b[0]) + 1);
        assertThat(Integer.parseInt(a[1])).as("a created container counts as stopped: " + before + " -> " + after)
                .isEqualTo(Integer.parseInt(b[1]) + 1);
        docker.ok("rm", name);
    }

    @Test
    void infoReportsDataRoot() {
        BerthDaemon berthd = harness.berthd();
        CommandResult r = docker.ok("info", "--format", "{{.DockerRootDir}}");
        assertThat(r.out()).as(r.describe()).isEqualTo(berthd.dataRoot().toString());
    }
}
