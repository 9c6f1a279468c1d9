package berth.cli.container;

import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start created or stopped containers")
public final class StartCommand extends Verb {
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals") boolean attach;
    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN") boolean interactive;
    @Option(names = "--detach-keys", paramLabel = "string", description = "Keys that detach and leave the container running (default ctrl-p,ctrl-q)")
    String detachKeys;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    @SuppressWarnings("try") // the wait response and the signal proxy are held open for their side effects
    protected int run() throws Exception {
        EngineClient client = client();
        if (attach || interactive) {
            String name = containers.getFirst();
            JsonNode inspect = client.call("GET", "/containers/" + name + "/json", null).json();
            String id = inspect.path("Id").asText();
            boolean tty = inspect.path("Config").path("Tty").asBoolean();
            String q = EngineClient.query(EngineClient.params("detachKeys", detachKeys, "stderr", 1, "stdin", interactive ? 1 : null, "stdout", 1, "stream", 1));
            boolean ttyOut = tty && Terminal.isTerminal(1);
            try (EngineClient.Hijacked attached = client.hijack("/containers/" + id + "/attach" + q, null);
                 Response wait = client.send("POST", "/containers/" + id + "/wait?condition=next-exit", Map.of(), null).check();
                 TtySession session = TtySession.open(tty && interactive && Terminal.isTerminal(0),
                         ttyOut ? size -> RunCommand.resize(client, id, size) : null);
                 SignalProxy proxy = tty ? null : SignalProxy.forward(client, id)) {
                client.call("POST", "/containers/" + id + "/start", null).close();
                int[] size = ttyOut ? Terminal.size() : null;
                if (size != null) RunCommand.resize(client, id, size);
                if (AttachedStreams.pump(attached, interactive, tty, DetachKeys.of(detachKeys))) return 0;
                return (int) wait.json().path("StatusCode").asLong();
            }
        }
        List<String> failed = new java.util.ArrayList<>();
        for (String c : containers) {
            try {
                client.call("POST", "/containers/" + c + "/start", null).close();
                out.println(c);
            } catch (berth.api.errors.EngineException e) {
                out.flush();
                err.println("Error response from daemon: " + e.getMessage());
                failed.add(c);
            }
        }
        if (!failed.isEmpty()) err.println("Error: failed to start containers: " + String.join(", ", failed));
        return failed.isEmpty() ? 0 : 1;
    }
}
