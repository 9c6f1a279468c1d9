package berth.engine.network;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs netavark (Debian's, under /usr/lib/podman) with a set-up on stdin. Its state (aardvark-dns' config and pid)
 * lives in {@code configDir} under the exec root, so daemons with their own exec roots never share it. Calls are
 * serialised: two set-ups creating the same bridge at once, or a set-up racing the teardown that deletes it, would
 * see each other's half-done work.
 */
final class Netavark {
    private static final long TIMEOUT_SECONDS = 30;

    private final Path binary;
    private final Path aardvark;
    private final Path configDir;
    private final ReentrantLock lock = new ReentrantLock();

    Netavark(Path binary, Path aardvark, Path configDir) {
        this.binary = binary;
        this.aardvark = aardvark;
        this.configDir = configDir;
    }

    /** Thrown with netavark's own error text ({"error": "..."} on stdout, or stderr). */
    static final class NetavarkException extends IOException {
        NetavarkException(String message) {
            super(message);
        }
    }

    JsonNode setup(Path netns, String input) throws IOException {
        return run("setup", netns, input);
    }

    void teardown(Path netns, String input) throws IOException {
        run("teardown", netns, input);
    }

    boolean available() {
        return Files.isExecutable(binary);
    }

    private JsonNode run(String verb, Path netns, String input) throws IOException {
        Files.createDirectories(configDir);
        ProcessBuilder pb = new ProcessBuilder(List.of(binary.toString(), "--config", configDir.toString(),
                "--aardvark-binary", aardvark.toString(), verb, netns.toString()))
                // stderr only has log lines ("failed to connect to syslog"); errors come as JSON on stdout
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        lock.lock();
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out;
            try (InputStream o = p.getInputStream()) {
                out = o.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NetavarkException("netavark " + verb + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String message = stdout;
                try {
                    JsonNode n = Json.mapper().readTree(stdout);
                    if (n != null && n.hasNonNull("error")) message = n.get("error").asText();
                } catch (IOException e) {
                    // not JSON: shown as printed
                }
                if (message.isEmpty()) message = "exit status " + p.exitValue();
                throw new NetavarkException("netavark " + verb + ": " + message);
            }
            return stdout.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(stdout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running netavark " + verb, e);
        } finally {
            lock.unlock();
        }
    }
}
