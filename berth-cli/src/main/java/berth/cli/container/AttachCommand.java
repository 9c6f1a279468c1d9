package berth.cli.container;

import berth.cli.CliError;
import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.JsonPath;
import berth.client.Response;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth attach}: joins a running container's stdin and output; exits with its status when it ends. */
@Command(name = "attach", description = "Connect to a running container's input and output", sortOptions = false)
public final class AttachCommand extends Verb {
    @Option(names = "--detach-keys", paramLabel = "string", description = "Keys that detach and leave the container running (default ctrl-p,ctrl-q)")
    String detachKeys;
    @Option(names = "--no-stdin", description = "Only watch the output; do not send stdin") boolean noStdin;
    @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Relay INT and TERM to the container when it has no TTY (default true)") boolean sigProxy;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    @SuppressWarnings("try") // the wait response and the signal proxy are held open for their side effects
    protected int run() throws Exception {
        EngineClient client = client();
        Object inspect = client.call("GET", "/containers/" + container + "/json", null).value();
        Object state = JsonPath.get(inspect, "State");
        if (!"true".equals(JsonPath.text(JsonPath.get(state, "Running"), "false"))) {
            throw new CliError("You cannot attach to a stopped container, start it first");
        }
        if ("true".equals(JsonPath.text(JsonPath.get(state, "Paused"), "false"))) {
            throw new CliError("You cannot attach to a paused container, unpause it first");
        }
        String id = JsonPath.text(JsonPath.get(inspect, "Id"));
        Object config = JsonPath.get(inspect, "Config");
        boolean tty = "true".equals(JsonPath.text(JsonPath.get(config, "Tty"), "false"));
        boolean stdin = !noStdin && "true".equals(JsonPath.text(JsonPath.get(config, "OpenStdin"), "false"));
        if (stdin && tty && !Terminal.isTerminal(0)) {
            err.println("the input device is not a TTY");
            return 1;
        }
        String q = EngineClient.query(EngineClient.params("detachKeys", detachKeys, "stderr", 1, "stdin", stdin ? 1 : null,
                "stdout", 1, "stream", 1));
        boolean ttyOut = tty && Terminal.isTerminal(1);
        try (EngineClient.Hijacked attached = client.hijack("/containers/" + id + "/attach" + q, null);
             Response wait = client.send("POST", "/containers/" + id + "/wait?condition=next-exit", Map.of(), null).check();
             TtySession session = TtySession.open(stdin && tty, ttyOut ? size -> RunCommand.resize(client, id, size) : null);
             SignalProxy proxy = sigProxy && !tty ? SignalProxy.forward(client, id) : null) {
            int[] size = ttyOut ? Terminal.size() : null;
            if (size != null) RunCommand.resize(client, id, size);
            if (AttachedStreams.pump(attached, stdin, tty, DetachKeys.of(detachKeys))) {
                // docker reports the detach as the error that ended the stream
                err.println("read escape sequence");
                return 1;
            }
            return (int) JsonPath.longValue(JsonPath.get(wait.value(), "StatusCode"), 0);
        }
    }
}
