package berth.cli.network;

import berth.cli.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network disconnect}: takes a container off a network. */
@Command(name = "disconnect", description = "Disconnect a container from a network")
public final class NetworkDisconnectCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Disconnect even if the container's endpoint is in a bad state") boolean force;
    @Parameters(index = "0", paramLabel = "NETWORK") String network;
    @Parameters(index = "1", paramLabel = "CONTAINER") String container;

    @Override
    protected int run() throws Exception {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Container", container);
        b.put("Force", force);
        client().call("POST", "/networks/" + network + "/disconnect", b).close();
        return 0;
    }
}
