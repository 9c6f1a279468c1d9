package berth.cli.container;

import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import berth.client.StreamDemuxer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Show what a container wrote to its stdout and stderr")
public final class LogsCommand extends Verb {
    @Option(names = {"-f", "--follow"}, description = "Follow log output") boolean follow;
    @Option(names = {"-n", "--tail"}, description = "Number of lines to show from the end of the logs", defaultValue = "all") String tail;
    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps") boolean timestamps;
    @Option(names = "--since", description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)") String since;
    @Option(names = "--until", description = "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)") String until;
    @Option(names = "--details", description = "Show extra details provided to logs") boolean details;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    protected int run() throws Exception {
        JsonNode inspect = client().call("GET", "/containers/" + container + "/json", null).json();
        String q = EngineClient.query(EngineClient.params("follow", follow ? 1 : null, "since", TimeArg.unix(since),
                "stderr", 1, "stdout", 1, "tail", tail, "timestamps", timestamps ? 1 : null, "until", TimeArg.unix(until)));
        try (Response r = client().send("GET", "/containers/" + inspect.path("Id").asText() + "/logs" + q, Map.of(), null).check()) {
            if (inspect.path("Config").path("Tty").asBoolean()) r.body().transferTo(out);
            else StreamDemuxer.copy(r.body(), out, err);
        }
        out.flush();
        return 0;
    }
}
