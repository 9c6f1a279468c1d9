package berth.cli.container;

import berth.cli.Verb;
import berth.client.EngineClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal (KILL unless -s) to running containers")
public final class KillCommand extends Verb {
    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container") String signal;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("signal", signal));
        return EachContainer.run(containers, out, err, c -> client().call("POST", "/containers/" + c + "/kill" + q, null).close());
    }
}
