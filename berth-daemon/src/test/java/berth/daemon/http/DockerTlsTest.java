package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.daemon.config.Host;
import berth.daemon.config.Tls;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berthd's TCP socket with --tlsverify, driven by the real docker CLI: a CA, a server and a client certificate made
 * with openssl; only a client holding a certificate signed by that CA gets in.
 */
class DockerTlsTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");

    @TempDir
    Path dir;
    private final TestApi test = new TestApi();
    private ApiServer server;
    private int port;

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    /** A CA, and a certificate signed by it for {@code name} (the server's carries 127.0.0.1 as its address). */
    private void certificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=berth test CA");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-out", name + "-cert.pem", "-days", "2", "-extfile", name + ".ext");
        }
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER), "the docker CLI is not installed");
        certificates();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Tls tls = new Tls(Tls.Mode.VERIFY, dir.resolve("ca.pem"), dir.resolve("server-cert.pem"), dir.resolve("server-key.pem"));
        server = ApiServer.start(List.of(new Host.Tcp("127.0.0.1", port)), tls, test.router());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private DockerCliTest.Result docker(String... args) throws IOException, InterruptedException {
        return dockerWithInput(Path.of("/dev/null"), args);
    }

    private DockerCliTest.Result dockerWithInput(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString());
        builder.environment().remove("DOCKER_HOST");
        builder.environment().remove("DOCKER_TLS_VERIFY");
        builder.environment().remove("DOCKER_CERT_PATH");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish; output: " + Files.readString(out));
        }
        return new DockerCliTest.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aClientWithACertificateFromTheCaIsServed() throws Exception {
        DockerCliTest.Result r = docker("--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("client-cert.pem").toString(), "--tlskey", dir.resolve("client-key.pem").toString(),
                "-H", "tcp://127.0.0.1:" + port, "version", "--format", "{{.Server.APIVersion}}");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).isEqualTo("1.50");
    }

    /** The CLI ends stdin over TLS with a close_notify alert, not a TCP half-close: it must still reach the container. */
    @Test
    void interactiveRunSeesTheEndOfStdinOverTls() throws Exception {
        String id = "d".repeat(64);
        java.util.concurrent.CompletableFuture<berth.api.model.WaitResponse> exit = new java.util.concurrent.CompletableFuture<>();
        test.containers.onCreate = (name, request) -> new berth.api.model.IdResponse(id, List.of());
        test.containers.onStart = ignored -> { };
        test.containers.onWait = (ignored, condition) -> exit;
        test.containers.onAttach = (ignored, options) -> new berth.engine.container.ContainerService.Attachment() {
            @Override
            public boolean tty() {
                return false;
            }

            @Override
            public void stream(java.io.InputStream stdin, berth.engine.container.ContainerService.StreamSink sink)
                    throws IOException {
                byte[] all = stdin.readAllBytes(); // `cat`: echoes stdin until it ends
                sink.write(berth.engine.container.ContainerService.StreamType.STDOUT, all, 0, all.length);
                exit.complete(berth.api.model.WaitResponse.exited(0));
            }

            @Override
            public void close() {}
        };
        Path input = Files.writeString(dir.resolve("stdin.txt"), "hello over tls\n");
        DockerCliTest.Result r = dockerWithInput(input, "--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "--tlscert", dir.resolve("client-cert.pem").toString(), "--tlskey", dir.resolve("client-key.pem").toString(),
                "-H", "tcp://127.0.0.1:" + port, "run", "-i", "--rm", "busybox", "cat");
        assertThat(r.out()).isEqualTo("hello over tls\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void aClientWithoutACertificateIsTurnedAway() throws Exception {
        DockerCliTest.Result r = docker("--tlsverify", "--tlscacert", dir.resolve("ca.pem").toString(),
                "-H", "tcp://127.0.0.1:" + port, "version", "--format", "{{.Server.APIVersion}}");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).doesNotContain("1.50");
    }

    @Test
    void plainHttpIsTurnedAway() throws Exception {
        DockerCliTest.Result r = docker("-H", "tcp://127.0.0.1:" + port, "version", "--format", "{{.Server.APIVersion}}");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).doesNotContain("1.50");
    }
}
