package berth.cli.volume;

import berth.api.errors.EngineException;
import berth.cli.Verb;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth volume rm}: removes each volume, printing its name or the daemon's error as it goes (a volume in use is
 * refused, -f or not); a failure ends with "exit status 1", as the docker CLI's status error prints it.
 */
@Command(name = "rm", aliases = {"remove"}, description = "Remove volumes")
public final class VolumeRmCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Say nothing about volumes that do not exist") boolean force;
    @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> volumes;

    @Override
    protected int run() throws Exception {
        boolean failed = false;
        for (String v : volumes) {
            try {
                client().call("DELETE", "/volumes/" + v + (force ? "?force=1" : ""), null).close();
                out.println(v);
            } catch (EngineException e) {
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
