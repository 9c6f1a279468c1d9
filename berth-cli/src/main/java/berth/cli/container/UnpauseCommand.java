package berth.cli.container;

import berth.cli.Verb;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "unpause", description = "Let the processes of paused containers run again")
public final class UnpauseCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        return EachContainer.run(containers, out, err, c -> client().call("POST", "/containers/" + c + "/unpause", null).close());
    }
}
