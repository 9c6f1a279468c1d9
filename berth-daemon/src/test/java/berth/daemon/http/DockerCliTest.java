package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import berth.api.model.IdResponse;
import berth.api.model.WaitResponse;
import berth.daemon.config.Host;
import berth.engine.container.ContainerService.Attachment;
import berth.engine.container.ContainerService.StreamSink;
import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real docker CLI against the real epoll server on a Unix socket in a temp dir, with fake engine services. */
class DockerCliTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");

    @TempDir
    Path dir;
    private final TestApi test = new TestApi();
    private ApiServer server;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(DOCKER), "the docker CLI is not installed");
        socket = dir.resolve("run/berth.sock");
        server = ApiServer.start(List.of(new Host.Unix(socket)), berth.daemon.config.Tls.OFF, test.router());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Result docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(DOCKER.toString(), "-H", "unix://" + socket));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString());
        builder.environment().remove("DOCKER_HOST");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    record Result(int code, String out, String err) {}

    @Test
    void buildOfASmallContextGetsAClearErrorInsteadOfABrokenPipe() throws Exception {
        Path context = Files.createDirectories(dir.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY data /data\n");
        Files.write(context.resolve("data"), new byte[2 << 20]);
        ProcessBuilder builder = new ProcessBuilder(DOCKER.toString(), "-H", "unix://" + socket, "build", "-t", "x", context.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("DOCKER_CONFIG", dir.resolve("cli").toString());
        builder.environment().put("DOCKER_BUILDKIT", "0");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(err).as(out + err).contains("page not found").doesNotContain("broken pipe").doesNotContain("connection reset");
    }

    @Test
    void socketIsRootOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    }

    @Test
    void cliNegotiatesApi150AndReadsTheVersion() throws Exception {
        Result r = docker("version", "--format", "{{.Server.APIVersion}} {{.Server.Version}} {{.Server.Os}}");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).isEqualTo("1.50 28.2.2 linux");
    }

    @Test
    void cliShowsDockerStyleErrors() throws Exception {
        Result r = docker("start", "nonexistent-berthck");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("No such container: nonexistent-berthck");
    }

    @Test
    void closingTheServerRemovesTheSocket() {
        server.close();
        server = null;
        assertThat(socket).doesNotExist();
    }

    @Test
    void importUploadsALargeTarballThroughTheBodyStream() throws Exception {
        Path tarball = dir.resolve("rootfs.tar");
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(tarball)) {
            for (int i = 0; i < 8; i++) out.write(block);
        }
        Result r = docker("import", "--change", "CMD [\"sh\"]", tarball.toString(), "imp:1");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(test.images.importedBytes).isEqualTo(8L << 20);
        assertThat(test.images.calls).containsExactly("import imp:1:null changes=[CMD [\"sh\"]]"); // the CLI sends repo=imp:1 and no tag
    }

    @Test
    void detachedRunCancelsTheWaitWhenTheCliLeaves() throws Exception {
        String id = "d".repeat(64);
        CompletableFuture<WaitResponse> exit = new CompletableFuture<>();
        test.containers.onCreate = (name, request) -> new IdResponse(id, List.of());
        test.containers.onStart = ignored -> { };
        test.containers.onWait = (ignored, condition) -> exit;
        Result r = docker("run", "-d", "--name", "web", "busybox", "sleep", "1000");
        assertThat(r.out().strip()).isEqualTo(id);
        assertThat(test.containers.calls).containsExactly("create web", "wait " + id + " NEXT_EXIT", "start " + id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!exit.isCancelled() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(exit.isCancelled()).isTrue();
    }

    @Test
    void dockerRunAttachesWaitsAndStarts() throws Exception {
        String id = "c".repeat(64);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<WaitResponse> exit = new CompletableFuture<>();
        test.containers.onCreate = (name, request) -> new IdResponse(id, List.of());
        test.containers.onStart = ignored -> started.countDown();
        test.containers.onWait = (ignored, condition) -> exit;
        test.containers.onAttach = (ignored, options) -> new Attachment() {
            @Override
            public boolean tty() {
                return false;
            }

            @Override
            public void stream(InputStream stdin, StreamSink sink) throws IOException {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                byte[] out = "hello from berth\n".getBytes(StandardCharsets.UTF_8);
                sink.write(StreamType.STDOUT, out, 0, out.length);
                exit.complete(WaitResponse.exited(7));
            }

            @Override
            public void close() {}
        };
        Result r = docker("run", "--rm", "busybox", "echo", "hi");
        assertThat(r.out()).isEqualTo("hello from berth\n");
        assertThat(r.code()).isEqualTo(7);
        assertThat(test.containers.calls).containsSubsequence("create null", "attach " + id, "start " + id);
    }
}
