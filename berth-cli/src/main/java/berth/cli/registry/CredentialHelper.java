package berth.cli.registry;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-credential-<name>} program on PATH, spoken to as the docker CLI does: {@code get} (the server URL
 * on stdin; {"ServerURL","Username","Secret"} on stdout), {@code store} (that JSON on stdin), {@code erase} (the
 * server URL on stdin). A helper that knows nothing of a server says "credentials not found" and fails.
 */
record CredentialHelper(String name) {
    /** How a helper stores an identity token: as the secret of this user name (the docker CLI's convention). */
    static final String TOKEN_USER = "<token>";

    CredentialHelper {
        if (!name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("invalid credential helper name: " + name);
    }

    String program() {
        return "docker-credential-" + name;
    }

    Optional<StoredLogin> get(String server) throws IOException {
        Result r = run("get", server);
        if (r.exit() != 0) {
            if (r.out().toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) return Optional.empty();
            throw new IOException("error getting credentials - err: exit status " + r.exit() + ", out: `" + r.out().strip() + "`");
        }
        JsonNode json = Json.mapper().readTree(r.out());
        String user = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        if (user.isEmpty() && secret.isEmpty()) return Optional.empty();
        return Optional.of(user.equals(TOKEN_USER) ? new StoredLogin("", "", secret) : new StoredLogin(user, secret, ""));
    }

    void store(String server, StoredLogin login) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("ServerURL", server);
        boolean token = !login.identityToken().isEmpty();
        body.put("Username", token ? TOKEN_USER : login.username());
        body.put("Secret", token ? login.identityToken() : login.password());
        Result r = run("store", Json.mapper().writeValueAsString(body));
        if (r.exit() != 0) throw new IOException("error storing credentials - err: exit status " + r.exit() + ", out: `" + r.out().strip() + "`");
    }

    /** Returns whether the helper had something to erase. */
    boolean erase(String server) throws IOException {
        Result r = run("erase", server);
        if (r.exit() == 0) return true;
        if (r.out().toLowerCase(java.util.Locale.ROOT).contains("not found")) return false;
        throw new IOException("error erasing credentials - err: exit status " + r.exit() + ", out: `" + r.out().strip() + "`");
    }

    private record Result(int exit, String out) {}

    private Result run(String action, String input) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(program(), action).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("credential helper " + program() + " not found on PATH");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(program() + " " + action + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + program());
        }
        return new Result(p.exitValue(), out);
    }
}
