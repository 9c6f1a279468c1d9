package berth.cli.registry;

import berth.cli.CliError;
import berth.cli.Verb;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [SERVER]}: berthd checks the login against the registry ({@code POST /auth}); the CLI stores it
 * where the docker CLI would (a credential helper, else config.json), so that both CLIs share it.
 */
@Command(name = "login", description = "Check a registry login and keep it for pull, push and build")
public final class LoginCommand extends Verb {
    @Option(names = {"-u", "--username"}, description = "User name at the registry") String username;
    @Option(names = {"-p", "--password"}, description = "Password or access token (prefer --password-stdin)") String password;
    @Option(names = "--password-stdin", description = "Read the password or token from standard input") boolean passwordStdin;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "Registry (default: Docker Hub)") String server;

    @Override
    protected int run() throws Exception {
        if (password != null && passwordStdin) throw new CliError("--password and --password-stdin are mutually exclusive");
        if (passwordStdin) {
            if (username == null || username.isEmpty()) throw new CliError("Must provide --username with --password-stdin");
            password = stripNewline(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        } else if (password != null) {
            err.println("WARNING! A password given with --password can be seen by other users of this machine; prefer --password-stdin.");
        }
        if (username == null || password == null) prompt();
        String domain = server == null || server.isEmpty() ? "docker.io" : domainOf(server);
        String key = DockerConfig.serverKey(domain);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("serveraddress", key);
        JsonNode answer;
        try (Response r = client().send("POST", "/auth", Map.of(), body).check()) {
            answer = r.json();
        }
        String identityToken = answer.path("IdentityToken").asText("");
        DockerConfig config = DockerConfig.load();
        boolean inFile = config.store(key, new StoredLogin(username, identityToken.isEmpty() ? password : "", identityToken));
        if (inFile) err.println("WARNING! The login is stored unencrypted in " + config.file() + "; a credsStore keeps it elsewhere.");
        out.println(answer.path("Status").asText("Login Succeeded"));
        return 0;
    }

    /** Asks for what the flags left out, on a terminal only (the password without echo). */
    private void prompt() {
        Console console = System.console();
        if (console == null) throw new CliError("Error: Cannot perform an interactive login from a non TTY device");
        if (username == null || username.isEmpty()) username = console.readLine("Username: ");
        if (username == null || username.isBlank()) throw new CliError("Error: Non-null Username Required");
        if (password == null) {
            char[] p = console.readPassword("Password: ");
            password = p == null ? "" : new String(p);
        }
        if (password.isEmpty()) throw new CliError("Error: Password Required");
    }

    /** A server as the user names it: "host[:port]", possibly as a URL; Docker Hub's names are docker.io. */
    static String domainOf(String server) {
        return DockerConfig.hostOf(server);
    }

    private static String stripNewline(String s) {
        String out = s;
        while (out.endsWith("\n") || out.endsWith("\r")) out = out.substring(0, out.length() - 1);
        return out;
    }
}
