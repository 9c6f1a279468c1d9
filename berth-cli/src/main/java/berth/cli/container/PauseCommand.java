package berth.cli.container;

import berth.cli.Verb;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "pause", description = "Freeze every process of running containers")
public final class PauseCommand extends Verb {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        return EachContainer.run(containers, out, err, c -> client().call("POST", "/containers/" + c + "/pause", null).close());
    }
}
