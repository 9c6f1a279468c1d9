package berth.cli.network;

import berth.api.errors.EngineException;
import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network rm}: removes each network, printing its name; errors come together at the end. */
@Command(name = "rm", aliases = {"remove"}, description = "Remove networks")
public final class NetworkRmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Say nothing about networks that do not exist") boolean force;
    @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

    @Override
    protected int run() throws Exception {
        List<String> errors = new ArrayList<>();
        for (String n : networks) {
            try {
                client().call("DELETE", "/networks/" + n, null).close();
                out.println(n);
            } catch (NotFoundException e) {
                if (!force) errors.add("Error response from daemon: " + e.getMessage());
            } catch (EngineException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        out.flush();
        errors.forEach(err::println);
        return errors.isEmpty() ? 0 : 1;
    }
}
