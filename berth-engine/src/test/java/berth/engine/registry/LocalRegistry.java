package berth.engine.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's docker-registry on a free loopback port, with its storage in a temp dir. */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, "");
    }

    /** {@code extraConfig}: more top-level YAML, e.g. an {@code auth:} section. */
    static LocalRegistry start(Path dir, String extraConfig) throws IOException, InterruptedException {
        int port = freePort();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log: {level: error}
                storage: {filesystem: {rootdirectory: %s}, delete: {enabled: true}}
                http: {addr: 127.0.0.1:%d}
                """.formatted(dir.resolve("storage"), port) + extraConfig);
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket _ = new Socket("127.0.0.1", port)) {
                return new LocalRegistry(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("docker-registry did not start; see " + dir.resolve("registry.log"));
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Runs skopeo with TLS verification off (the registry is plain HTTP); returns stdout, fails on non-zero exit. */
    static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("skopeo"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
