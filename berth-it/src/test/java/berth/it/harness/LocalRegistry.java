package berth.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry (distribution 2.x) on a free loopback port, storing into a sandbox (JIB's LocalRegistry). */
public final class LocalRegistry implements AutoCloseable {
    private final Sandbox sandbox;
    private final int port;
    private final Process process;

    private LocalRegistry(Sandbox sandbox, int port, Process process) {
        this.sandbox = sandbox;
        this.port = port;
        this.process = process;
    }

    public static LocalRegistry start() {
        return start("");
    }

    /** With extra top-level configuration, e.g. {@code auth: {htpasswd: {realm: r, path: /x}}}. */
    public static LocalRegistry start(String extraConfig) {
        return start(FreePort.find(), extraConfig, "");
    }

    /**
     * On {@code port}, with extra top-level configuration and extra lines of the {@code http:} section (indented two
     * spaces, e.g. {@code "  tls:\n    certificate: /x.crt\n    key: /x.key\n"}); a TLS registry answers https only.
     */
    public static LocalRegistry start(int port, String extraConfig, String extraHttp) {
        Sandbox sandbox = Sandbox.create();
        boolean tls = extraHttp.contains("tls:");
        try {
            Path config = sandbox.resolve("config.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    %s
                    %s
                    """.formatted(sandbox.resolve("storage"), port, extraHttp.stripTrailing(), extraConfig));
            Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(sandbox.resolve("registry.log").toFile()).start();
            LocalRegistry r = new LocalRegistry(sandbox, port, p);
            r.awaitReady(tls);
            return r;
        } catch (IOException e) {
            sandbox.close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the registry part of references pushed here. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitReady(boolean tls) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                // A TLS registry answers a plain request with 400 ("Client sent an HTTP request to an HTTPS server").
                var rsp = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                // 401: up, and asking for credentials
                if (rsp.statusCode() == 200 || rsp.statusCode() == 401 || (tls && rsp.statusCode() == 400)) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new AssertionError("docker-registry did not answer GET /v2/: "
                        + Files.readString(sandbox.resolve("registry.log")));
            }
            Poll.sleep(100);
        }
    }

    /** skopeo against this registry (plain HTTP), e.g. {@code skopeo("inspect", "docker://…")}. */
    public static CommandResult skopeo(String... args) {
        var cmd = new java.util.ArrayList<>(List.of("/usr/bin/skopeo"));
        cmd.addAll(List.of(args));
        return ProcessRunner.run(cmd, java.util.Map.of(), null, Duration.ofMinutes(2));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sandbox.close();
    }
}
