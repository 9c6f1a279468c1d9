package berth.cli.container;

import berth.cli.Verb;
import berth.client.EngineClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Stop containers, then start them again")
public final class RestartCommand extends Verb {
    @Option(names = "--time", hidden = true, description = "Seconds to wait before killing the container (deprecated: use --timeout)") Integer deprecatedTime;
    @Option(names = {"-t", "--timeout"}, description = "Seconds to wait before killing the container") Integer time;
    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container") String signal;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("signal", signal, "t", time != null ? time : deprecatedTime));
        return EachContainer.run(containers, out, err, c -> client().call("POST", "/containers/" + c + "/restart" + q, null).close());
    }
}
