package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** docker ps: -a, -q, --no-trunc, filters, --format, the table header. One running and one exited container. */
class DockerPsIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private static String running;
    private static String runningId;
    private static String exited;
    private static String exitedId;

    private final Docker docker = harness.docker();

    @BeforeAll
    static void containers() {
        Docker docker = harness.docker();
        running = harness.name("ps-up");
        runningId = docker.ok("run", "-d", "--name", running, "-l", "it.ps=up", "busybox", "sleep", "300").out();
        exited = harness.name("ps-down");
        docker.ok("run", "--name", exited, "-l", "it.ps=down", "busybox", "true");
        exitedId = docker.inspect("{{.Id}}", exited);
    }

    @AfterAll
    static void removeContainers() {
        harness.docker().run("rm", "-f", running, exited);
    }

    @Test
    void psListsOnlyRunningContainersByDefault() {
        CommandResult r = docker.ok("ps", "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).contains(running).doesNotContain(exited);
    }

    @Test
    void psAllListsExitedContainersToo() {
        CommandResult r = docker.ok("ps", "-a", "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).contains(running, exited);
    }

    @Test
    void psQuietPrintsShortIds() {
        CommandResult r = docker.ok("ps", "-a", "-q");
        assertThat(r.outLines()).as(r.describe()).allMatch(l -> l.matches("[0-9a-f]{12}"))
                .contains(runningId.substring(0, 12), exitedId.substring(0, 12));
    }

    @Test
    void psNoTruncPrintsFullIds() {
        CommandResult r = docker.ok("ps", "-a", "-q", "--no-trunc");
        assertThat(r.outLines()).as(r.describe()).allMatch(l -> l.matches("[0-9a-f]{64}")).contains(runningId, exitedId);
    }

    @Test
    void psFilterStatusExited() {
        CommandResult r = docker.ok("ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).contains(exited).doesNotContain(running);
    }

    @Test
    void psFilterName() {
        CommandResult r = docker.ok("ps", "-a", "--filter", "name=" + exited, "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).containsExactly(exited);
    }

    @Test
    void psFilterLabel() {
        CommandResult r = docker.ok("ps", "-a", "--filter", "label=it.ps=up", "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).contains(running).doesNotContain(exited);
    }

    @Test
    void psFilterId() {
        CommandResult r = docker.ok("ps", "-a", "--filter", "id=" + exitedId.substring(0, 12), "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).containsExactly(exited);
    }

    @Test
    void psFormatRendersTemplate() {
        CommandResult r = docker.ok("ps", "--filter", "name=" + running, "--format", "{{.ID}} {{.Names}}");
        assertThat(r.outLines()).as(r.describe()).containsExactly(runningId.substring(0, 12) + " " + running);
    }

    @Test
    void psFormatShowsImageCommandAndStatus() {
        CommandResult r = docker.ok("ps", "-a", "--filter", "name=" + exited, "--format",
                "{{.Image}}|{{.Command}}|{{.Status}}|{{.Label \"it.ps\"}}");
        assertThat(r.out()).as(r.describe()).matches("busybox\\|\"true\"\\|Exited \\(0\\) .* ago\\|down");
    }

    @Test
    void psTableHasDockersHeader() {
        CommandResult r = docker.ok("ps", "--filter", "name=it-no-such-container-anywhere");
        assertThat(r.stdout()).as(r.describe())
                .isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
    }
}
