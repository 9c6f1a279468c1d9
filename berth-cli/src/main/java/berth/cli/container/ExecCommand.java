package berth.cli.container;

import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.JsonPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec}: runs one more process in a running container (create the exec, start it hijacked, read its exit
 * code back) and exits with that process's status.
 */
@Command(name = "exec", description = "Run another command inside a running container", sortOptions = false)
public final class ExecCommand extends Verb {
    @Option(names = {"-d", "--detach"}, description = "Leave the command running in the background") boolean detach;
    @Option(names = "--detach-keys", paramLabel = "string", description = "Keys that detach from the command (default ctrl-p,ctrl-q)")
    String detachKeys;
    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Variable for the command, NAME=value") List<String> env = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "list", description = "File of NAME=value lines for the command") List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-i", "--interactive"}, description = "Pass stdin to the command") boolean interactive;
    @Option(names = "--privileged", description = "Give the command every capability") boolean privileged;
    @Option(names = {"-t", "--tty"}, description = "Run the command on a pseudo-terminal") boolean tty;
    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "User to run as: name or UID, optionally :group or :GID") String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Directory to run the command in") String workdir;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();

    int[] consoleSize;

    /** The body of POST /containers/{id}/exec, as the docker CLI sends it. */
    Map<String, Object> createBody() throws IOException {
        List<String> allEnv = new ArrayList<>();
        for (Path f : envFiles) allEnv.addAll(ContainerOptions.readEnvFile(f));
        allEnv.addAll(env);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("User", user == null ? "" : user);
        body.put("Privileged", privileged);
        body.put("Tty", tty);
        if (consoleSize != null) body.put("ConsoleSize", List.of(consoleSize[0], consoleSize[1]));
        body.put("AttachStdin", interactive && !detach);
        body.put("AttachStderr", !detach);
        body.put("AttachStdout", !detach);
        body.put("Detach", detach);
        body.put("DetachKeys", detachKeys == null ? "" : detachKeys);
        body.put("Env", allEnv.isEmpty() ? null : allEnv);
        body.put("WorkingDir", workdir == null ? "" : workdir);
        body.put("Cmd", command);
        return body;
    }

    @Override
    protected int run() throws Exception {
        EngineClient client = client();
        // a missing container is reported before anything else, as docker does
        client.call("GET", "/containers/" + container + "/json", null).close();
        boolean rawInput = tty && interactive && !detach;
        if (rawInput && !Terminal.isTerminal(0)) {
            err.println("the input device is not a TTY");
            return 1;
        }
        boolean ttyOut = tty && !detach && Terminal.isTerminal(1);
        if (ttyOut) consoleSize = Terminal.size();
        String execId = JsonPath.text(JsonPath.get(
                client.call("POST", "/containers/" + container + "/exec", createBody()).value(), "Id"));
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("Detach", detach);
        start.put("Tty", tty);
        if (consoleSize != null) start.put("ConsoleSize", List.of(consoleSize[0], consoleSize[1]));
        if (detach) {
            client.call("POST", "/exec/" + execId + "/start", start).close();
            return 0;
        }
        try (EngineClient.Hijacked attached = client.hijack("/exec/" + execId + "/start", start);
             TtySession session = TtySession.open(rawInput, ttyOut ? size -> resize(client, execId, size) : null)) {
            if (consoleSize != null) resize(client, execId, consoleSize);
            if (AttachedStreams.pump(attached, interactive, tty, DetachKeys.of(detachKeys))) {
                // docker reports the detach as the error that ended the stream
                err.println("read escape sequence");
                return 1;
            }
        }
        Object inspect = client.call("GET", "/exec/" + execId + "/json", null).value();
        return (int) JsonPath.longValue(JsonPath.get(inspect, "ExitCode"), 0);
    }

    private static void resize(EngineClient client, String execId, int[] size) {
        try {
            client.call("POST", "/exec/" + execId + "/resize?h=" + size[0] + "&w=" + size[1], null).close();
        } catch (IOException | RuntimeException e) {
            // the process may have ended; the size is cosmetic
        }
    }
}
