package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.Berth;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.PtySession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The berth CLI's core verbs against berthd, and its tables and --format output next to the docker CLI's. */
class BerthCliIT {
    @RegisterExtension
    static final Harness harness = Harness.shared().withRegistry();

    private final Docker docker = harness.docker();

    @BeforeEach
    void berthCliNeedsBerthd() {
        Harness.assumeBerthd();
    }

    @Test
    void runRemovePrintsOutput() {
        CommandResult r = berth().run("run", "--rm", "busybox", "echo", "hello");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEqualTo("hello\n");
    }

    @Test
    void runReturnsCommandExitCode() {
        CommandResult r = berth().run("run", "--rm", "busybox", "sh", "-c", "exit 3");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
    }

    @Test
    void runMemoryFlagLimitsTheContainersCgroup() {
        CommandResult r = berth().run("run", "--rm", "--memory", "32m", "busybox", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.out()).as(r.describe()).isEqualTo("33554432");
    }

    @Test
    void runPublishServesOnTheLoopbackPortAndPortShowsIt() throws Exception {
        String name = harness.name("cli-publish");
        int port = freePort();
        berth().ok("run", "-d", "--name", name, "-p", "127.0.0.1:" + port + ":80", "busybox", "sh", "-c",
                "mkdir /www && echo published > /www/index.html && httpd -f -p 80 -h /www");
        try {
            assertThat(fetch(port)).isEqualTo("published\n");
            assertThat(berth().ok("port", name, "80").out()).isEqualTo("127.0.0.1:" + port);
            assertSameOutput("port", name);
        } finally {
            berth().run("rm", "-f", name);
        }
    }

    @Test
    void networkCreateLsAndRmMatchTheDockerCli() {
        String net = harness.name("cli-net");
        String subnet = harness.berthd().networks().prefix() + "210.0/24";
        String id = berth().ok("network", "create", "--subnet", subnet, "--label", "team=cli", net).out();
        try {
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(docker.ok("network", "inspect", "--format", "{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}} {{.Labels}}", net).out())
                    .isEqualTo(net + " " + subnet + " map[team:cli]");
            assertSameOutput("network", "ls");
            assertSameOutput("network", "ls", "-q", "--filter", "label=team=cli");
            assertThat(berth().ok("network", "ls", "--format", "{{.ID}} {{.Name}}", "--filter", "name=" + net).out())
                    .isEqualTo(id.substring(0, 12) + " " + net);
            CommandResult rm = berth().ok("network", "rm", net);
            assertThat(rm.out()).isEqualTo(net);
            assertThat(docker.run("network", "inspect", net).exitCode()).isEqualTo(1);
        } finally {
            docker.run("network", "rm", net);
        }
    }

    @Test
    void psListsContainerStartedByDocker() {
        String name = harness.name("cli-ps");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        CommandResult r = berth().ok("ps", "--format", "{{.Names}}");
        assertThat(r.outLines()).as(r.describe()).contains(name);
        berth().ok("rm", "-f", name);
        assertThat(docker.run("container", "inspect", name).exitCode()).isEqualTo(1);
    }

    @Test
    void psFormatMatchesDockerCli() {
        String name = harness.name("cli-fmt");
        docker.ok("run", "-d", "--name", name, "-l", "it=1", "busybox", "sleep", "300");
        String template = "{{.ID}} {{.Names}} {{.Image}} {{.Command}} {{.Labels}}";
        assertSameOutput("ps", "-a", "--no-trunc", "--format", template);
        assertSameOutput("ps", "-a", "-q");
        docker.ok("rm", "-f", name);
    }

    @Test
    void psTableHeaderMatchesDockerCli() {
        assertSameOutput("ps", "--filter", "name=it-no-such-container-anywhere");
    }

    @Test
    void imagesFormatAndTableMatchDockerCli() {
        assertSameOutput("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}");
        assertSameOutput("images", "-q");
        assertSameOutput("images", "--filter", "reference=it-no-such-image-anywhere");
    }

    @Test
    void logsKeepStreamsApart() {
        String name = harness.name("cli-logs");
        docker.ok("run", "--name", name, "busybox", "sh", "-c", "echo out; echo err >&2");
        CommandResult r = berth().ok("logs", name);
        assertThat(r.stdout()).as(r.describe()).isEqualTo("out\n");
        assertThat(r.stderr()).as(r.describe()).isEqualTo("err\n");
        berth().ok("rm", name);
    }

    @Test
    void pushThenPullRoundTrips() {
        String ref = harness.image(harness.registry().address() + "/it/cli");
        berth().ok("tag", "busybox", ref);
        CommandResult push = berth().run("push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        berth().ok("rmi", ref);
        CommandResult pull = berth().run("pull", ref);
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        CommandResult run = berth().ok("run", "--rm", ref, "echo", "pulled");
        assertThat(run.out()).as(run.describe()).isEqualTo("pulled");
        CommandResult images = berth().ok("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.outLines()).as(images.describe()).contains(ref);
        berth().ok("rmi", ref);
    }

    @Test
    void rmOfUnknownContainerPrintsDockersMessage() {
        CommandResult r = berth().run("rm", "it-no-such-container");
        CommandResult d = docker.run("rm", "it-no-such-container");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(d.exitCode());
        assertThat(r.stderr().strip()).as(r.describe()).isEqualTo(d.stderr().strip());
    }

    @Test
    void execReturnsTheCommandsExitCodeAndKeepsStreamsApart() {
        String name = harness.name("cli-exec");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            CommandResult r = berth().run("exec", "-e", "A=1", "-w", "/tmp", name, "sh", "-c", "echo $A $(pwd); echo err >&2; exit 4");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(4);
            assertThat(r.stdout()).as(r.describe()).isEqualTo("1 /tmp\n");
            assertThat(r.stderr()).as(r.describe()).isEqualTo("err\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void execItGivesTheCommandATerminalOfTheClientsSize() throws Exception {
        String name = harness.name("cli-exec-tty");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try (PtySession pty = PtySession.start(berthCommand() + " exec -it " + name + " sh -c 'tty; stty size; exit 3'",
                java.util.Map.of())) {
            assertThat(pty.awaitExit(Duration.ofSeconds(60))).as(pty.describe()).isEqualTo(3);
            assertThat(pty.screen()).as(pty.describe()).contains("/dev/pts/").contains("30 100");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void attachDetachesOnItsKeysAndLeavesTheContainerRunning() throws Exception {
        String name = harness.name("cli-attach");
        docker.ok("run", "-dit", "--name", name, "busybox", "sh");
        try (PtySession pty = PtySession.start(berthCommand() + " attach --detach-keys=ctrl-x,x " + name, java.util.Map.of())) {
            pty.type("echo attached-$((40+2))\r");
            pty.awaitScreen("attached-42", Duration.ofSeconds(60));
            pty.type("\u0018x");
            assertThat(pty.awaitExit(Duration.ofSeconds(60))).as(pty.describe()).isEqualTo(1);
            assertThat(pty.screen()).as(pty.describe()).contains("read escape sequence");
            assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    private String berthCommand() {
        return String.join(" ", berth.it.harness.BerthRoot.JAVA, "-jar", berth.it.harness.BerthRoot.berthCliJar().toString(),
                "-H", docker.host());
    }

    @Test
    void pauseFreezesTheContainerAndUnpauseThawsIt() {
        String name = harness.name("cli-pause");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            assertThat(berth().ok("pause", name).stdout()).isEqualTo(name + "\n");
            assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("paused");
            assertThat(berth().ok("unpause", name).stdout()).isEqualTo(name + "\n");
            assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("running");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void cpCopiesIntoAndOutOfAContainerUnderTheGivenNames(@TempDir Path dir) throws Exception {
        String name = harness.name("cli-cp");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            Files.writeString(dir.resolve("in.txt"), "from the host\n");
            berth().ok("cp", dir.resolve("in.txt").toString(), name + ":/tmp/renamed.txt");
            assertThat(docker.ok("exec", name, "cat", "/tmp/renamed.txt").stdout()).isEqualTo("from the host\n");
            berth().ok("cp", name + ":/tmp/renamed.txt", dir.toString());
            assertThat(Files.readString(dir.resolve("renamed.txt"))).isEqualTo("from the host\n");
            CommandResult missing = berth().run("cp", name + ":/no/such", dir.toString());
            CommandResult dockers = docker.run("cp", name + ":/no/such", dir.toString());
            assertThat(missing.exitCode()).isEqualTo(dockers.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).isEqualTo(dockers.stderr());
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void statsNoStreamPrintsDockersColumnsOnce() {
        String name = harness.name("cli-stats");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            CommandResult r = berth().ok("stats", "--no-stream", name);
            assertThat(r.outLines()).as(r.describe()).hasSize(2);
            // the columns' widths follow the figures, which change between the two samples: compare the names
            assertThat(r.outLines().getFirst().split(" {2,}"))
                    .containsExactly(docker.ok("stats", "--no-stream", name).outLines().getFirst().split(" {2,}"));
            assertThat(berth().ok("stats", "--no-stream", "--format", "{{.Container}} {{.PIDs}}", name).stdout())
                    .isEqualTo(name + " 1\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void topMatchesDockerCli() {
        String name = harness.name("cli-top");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "300");
        try {
            assertSameOutput("top", name, "-o", "pid,comm");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    private void assertSameOutput(String... args) {
        CommandResult d = docker.ok(args);
        CommandResult b = berth().ok(args);
        assertThat(b.stdout()).as("berth vs docker:\n" + b.describe() + "\n" + d.describe()).isEqualTo(d.stdout());
    }

    private static Berth berth() {
        return harness.berth();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The body of GET /index.html from 127.0.0.1:port, once the server answers. */
    private static String fetch(int port) {
        String[] body = {null};
        berth.it.harness.Poll.until(java.time.Duration.ofSeconds(20)).check(() -> {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!response.startsWith("HTTP/1.")) return false;
                body[0] = response.substring(response.indexOf("\r\n\r\n") + 4);
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }, () -> "nothing answered on 127.0.0.1:" + port);
        return body[0];
    }
}
