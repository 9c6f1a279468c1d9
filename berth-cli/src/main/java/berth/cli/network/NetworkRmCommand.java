package berth.cli.network;

import berth.api.errors.EngineException;
import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth network rm}: removes each network, printing its name or the daemon's error as it goes; a failure ends
 * with "exit status 1", as the docker CLI's status error prints it.
 */
@Command(name = "rm", aliases = {"remove"}, description = "Remove networks")
public final class NetworkRmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Say nothing about networks that do not exist") boolean force;
    @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

    @Override
    protected int run() throws Exception {
        boolean failed = false;
        for (String n : networks) {
            try {
                client().call("DELETE", "/networks/" + n, null).close();
                out.println(n);
            } catch (EngineException e) {
                if (force && e instanceof NotFoundException) continue;
                out.flush();
                err.println("Error response from daemon: " + e.getMessage());
                failed = true;
            }
        }
        out.flush();
        if (failed) err.println("exit status 1");
        return failed ? 1 : 0;
    }
}
