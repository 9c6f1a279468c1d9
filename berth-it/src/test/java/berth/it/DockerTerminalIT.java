package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.Poll;
import berth.it.harness.ProcessRunner;
import berth.it.harness.PtySession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive containers: {@code run -it}, {@code start -ai} and {@code attach} through a real pseudo-terminal
 * (util-linux script), detaching, and the non-TTY streams.
 */
class DockerTerminalIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    @Test
    void runItGivesTheProcessARealTerminalOfTheClientsSizeFromTheStart() throws Exception {
        try (PtySession pty = PtySession.start("docker run -it --rm busybox sh -c 'tty; stty size; exit 3'",
                docker.env())) {
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(3);
            assertThat(pty.screen()).as(pty.describe()).contains("/dev/pts/0").contains("30 100");
        }
    }

    @Test
    void terminalIsInRawModeSoKeysReachTheProcessUnchanged() throws Exception {
        String name = harness.name("raw");
        try (PtySession pty = PtySession.start("docker run -it --name " + name
                + " busybox sh -c 'stty raw -echo; echo ready; head -c 3 | od -An -c; exit 0'", docker.env())) {
            pty.awaitScreen("ready", WAIT);
            pty.type("a\u0004b");
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(0);
            assertThat(pty.screen()).as(pty.describe()).contains("a 004   b");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void ctrlCReachesTheProcessAsSigint() throws Exception {
        try (PtySession pty = PtySession.start("docker run -it --rm busybox sh -c "
                + "'trap \"echo got-sigint; exit 7\" INT; echo ready; while :; do sleep 1; done'", docker.env())) {
            pty.awaitScreen("ready", WAIT);
            pty.type("\u0003");
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(7);
            assertThat(pty.screen()).as(pty.describe()).contains("got-sigint");
        }
    }

    @Test
    void resizeChangesTheTerminalSizeInsideTheContainer() {
        String name = harness.name("resize");
        docker.ok("run", "-dit", "--name", name, "busybox", "sh");
        try {
            String status = api("POST", "/containers/" + name + "/resize?h=40&w=120");
            assertThat(status).isEqualTo("200");
            assertThat(docker.ok("exec", name, "stty", "-F", "/dev/pts/0", "size").out()).isEqualTo("40 120");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void ctrlPCtrlQDetachesAndTheContainerKeepsRunning() throws Exception {
        String name = harness.name("detach");
        try (PtySession pty = PtySession.start("docker run -it --name " + name + " busybox sh", docker.env())) {
            pty.awaitScreen("# ", WAIT);
            pty.type("\u0010\u0011");
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(0);
            assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
            assertThat(docker.ok("exec", name, "echo", "alive").out()).isEqualTo("alive");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void attachWithCustomDetachKeysDetachesAndTheContainerKeepsRunning() throws Exception {
        String name = harness.name("detach-keys");
        docker.ok("run", "-dit", "--name", name, "busybox", "sh");
        try (PtySession pty = PtySession.start("docker attach --detach-keys=ctrl-x,x " + name, docker.env())) {
            pty.type("echo attached-$((40+2))\r");
            pty.awaitScreen("attached-42", WAIT);
            pty.type("\u0018x");
            // the docker CLI's own answer to a detach from attach, against Docker as well
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(1);
            assertThat(pty.screen()).as(pty.describe()).contains("read escape sequence");
            assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void invalidDetachKeysAreRefusedWithDockersMessage() {
        String name = harness.name("bad-keys");
        docker.ok("run", "-dit", "--name", name, "busybox", "sh");
        try {
            String socket = docker.host().replaceFirst("^unix://", "");
            CommandResult r = ProcessRunner.run(List.of("curl", "-s", "-w", " %{http_code}", "--unix-socket", socket,
                    "-X", "POST", "http://berth/v1.50/containers/" + name + "/attach?stream=1&stdin=1&detachKeys=ctrl-"),
                    Map.of(), null, WAIT);
            assertThat(r.out()).as(r.describe()).isEqualTo("{\"message\":\"Invalid detach keys (ctrl-) provided\"}\n 400");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void killingTheClientLeavesTheContainerRunning() throws Exception {
        String name = harness.name("kill-client");
        try (PtySession pty = PtySession.start("docker run -it --name " + name + " busybox sh", docker.env())) {
            pty.awaitScreen("# ", WAIT);
            pty.killClient();
            pty.awaitExit(WAIT);
            Poll.sleep(500);
            assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void closingTheTerminalLeavesTheContainerRunning() throws Exception {
        String name = harness.name("close-terminal");
        try (PtySession pty = PtySession.start("docker run -it --name " + name + " busybox sh", docker.env())) {
            pty.awaitScreen("# ", WAIT);
            pty.closeTerminal();
            Poll.until(WAIT).check(() -> docker.run("inspect", name).succeeded()
                    && !docker.ok("ps", "-q", "--filter", "name=" + name).out().isEmpty(), () -> "container gone");
            Poll.sleep(1000);
            assertThat(docker.inspect("{{.State.Running}}", name)).isEqualTo("true");
            assertThat(docker.ok("exec", name, "echo", "alive").out()).isEqualTo("alive");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void startAiAttachesTheTerminalAndReturnsTheExitCode() throws Exception {
        String name = harness.name("start-ai");
        docker.ok("create", "-it", "--name", name, "busybox", "sh", "-c", "tty; read line; echo got-$line; exit 4");
        try (PtySession pty = PtySession.start("docker start -ai " + name, docker.env())) {
            pty.awaitScreen("/dev/pts/0", WAIT);
            pty.type("hello\r");
            assertThat(pty.awaitExit(WAIT)).as(pty.describe()).isEqualTo(4);
            assertThat(pty.screen()).as(pty.describe()).contains("got-hello");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void attachWithLogsReplaysEarlierOutput() {
        String name = harness.name("attach-logs");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "echo before-attach; sleep 300");
        try {
            Poll.until(WAIT).check(() -> docker.ok("logs", name).out().equals("before-attach"), () -> "no output");
            String socket = docker.host().replaceFirst("^unix://", "");
            CommandResult r = ProcessRunner.run(List.of("curl", "-s", "--output", "-", "--unix-socket", socket, "-X",
                    "POST", "http://berth/v1.50/containers/" + name + "/attach?logs=1&stream=0&stdout=1&stderr=1"),
                    Map.of(), null, WAIT);
            // one stdout frame: stream 1, three zero bytes, the length as a big-endian u32
            assertThat(r.stdout()).as(r.describe()).isEqualTo("\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u000e"
                    + "before-attach\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void pipedStdinReachesTheProcessAndItsEndClosesStdin() {
        CommandResult r = docker.exec("hi\n".getBytes(), WAIT, "run", "-i", "--rm", "busybox", "cat");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEqualTo("hi\n");
    }

    @Test
    void hundredMegabytesOfStdinPassThroughIntact(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("stdin.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(13);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (var out = Files.newOutputStream(data)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(chunk);
                md5.update(chunk);
                out.write(chunk);
            }
        }
        String expected = HexFormat.of().formatHex(md5.digest());
        CommandResult r = ProcessRunner.run(List.of("sh", "-c", "exec docker run -i --rm busybox md5sum < " + data),
                docker.env(), null, Duration.ofSeconds(300));
        assertThat(r.out()).as(r.describe()).isEqualTo(expected + "  -");
    }

    @Test
    void withoutTerminalStdoutAndStderrArriveAsDockerFrames() {
        String name = harness.name("frames");
        docker.ok("run", "-d", "--name", name, "busybox", "sh", "-c", "echo out; echo err >&2; sleep 300");
        try {
            Poll.until(WAIT).check(() -> docker.run("logs", name).stderr().equals("err\n"), () -> "no output");
            String socket = docker.host().replaceFirst("^unix://", "");
            CommandResult r = ProcessRunner.run(List.of("curl", "-s", "--output", "-", "--unix-socket", socket, "-X",
                    "POST", "http://berth/v1.50/containers/" + name + "/attach?logs=1&stream=0&stdout=1&stderr=1"),
                    Map.of(), null, WAIT);
            assertThat(r.stdout()).as(r.describe()).isEqualTo(
                    "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0004out\n\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0004err\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    /** One Engine API call through curl on the daemon's socket; its status code. */
    private String api(String method, String path) {
        String socket = docker.host().replaceFirst("^unix://", "");
        return ProcessRunner.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket",
                socket, "-X", method, "http://berth/v1.50" + path), Map.of(), null, WAIT).out();
    }
}
