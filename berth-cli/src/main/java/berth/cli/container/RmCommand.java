package berth.cli.container;

import berth.cli.Verb;
import berth.client.EngineClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Remove containers")
public final class RmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)") boolean force;
    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container") boolean volumes;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("force", force ? 1 : null, "v", volumes ? 1 : null));
        return EachContainer.run(containers, out, err, force, c -> client().call("DELETE", "/containers/" + c + q, null).close());
    }
}
