package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a container sees of the host and of other containers. */
class DockerIsolationIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void containerProcessIsPid1InItsOwnPidNamespace() {
        CommandResult r = docker.ok("run", "--rm", "busybox", "sh", "-c", "echo $$; ps -o pid | tail -n +2");
        assertThat(r.outLines().getFirst()).as(r.describe()).isEqualTo("1");
        assertThat(r.outLines().subList(1, r.outLines().size()))
                .as("only the container's own processes are visible: " + r.describe()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void hostnameIsShortContainerId() {
        String name = harness.name("hostname");
        CommandResult r = docker.ok("run", "--name", name, "busybox", "hostname");
        String id = docker.inspect("{{.Id}}", name);
        assertThat(r.out()).as(r.describe()).isEqualTo(id.substring(0, 12));
        assertThat(docker.inspect("{{.Config.Hostname}}", name)).isEqualTo(id.substring(0, 12));
        docker.ok("rm", name);
    }

    @Test
    void networkNoneHasOnlyLoopback() {
        CommandResult r = docker.ok("run", "--rm", "--network", "none", "busybox", "cat", "/proc/net/dev");
        assertThat(r.outLines().stream().skip(2).map(l -> l.strip().split(":")[0]))
                .as(r.describe()).containsExactly("lo");
    }

    @Test
    void containerNetworkNamespaceIsNotTheHosts() throws Exception {
        String hostNetNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        CommandResult r = docker.ok("run", "--rm", "busybox", "readlink", "/proc/self/ns/net");
        assertThat(r.out()).as(r.describe()).startsWith("net:[").isNotEqualTo(hostNetNs);
    }

    @Test
    void writesInOneContainerReachNeitherTheImageNorAnotherContainer() {
        String writer = harness.name("writer");
        docker.ok("run", "--name", writer, "busybox", "sh", "-c", "echo mine > /it-marker; echo changed >> /etc/passwd");
        CommandResult other = docker.run("run", "--rm", "busybox", "sh", "-c", "cat /it-marker; grep -c changed /etc/passwd");
        assertThat(other.stdout()).as(other.describe()).doesNotContain("mine").isEqualTo("0\n");
        CommandResult again = docker.ok("start", "-a", writer);
        assertThat(again.exitCode()).as("the writer still has its own changes: " + again.describe()).isZero();
        docker.ok("rm", writer);
    }
}
