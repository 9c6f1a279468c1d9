package berth.cli.network;

import berth.cli.Verb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network connect}: joins a container to a network. */
@Command(name = "connect", description = "Connect a container to a network")
public final class NetworkConnectCommand extends Verb {
    @Option(names = "--alias", paramLabel = "strings", description = "Another name the container answers to on this network") List<String> aliases = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "string", description = "IPv4 address of the container on this network") String ip;
    @Option(names = "--ip6", paramLabel = "string", description = "IPv6 address of the container on this network") String ip6;
    @Option(names = "--link", paramLabel = "list", description = "Reach another container by name (name[:alias])") List<String> links = new ArrayList<>();
    @Option(names = "--driver-opt", paramLabel = "strings", description = "Driver option for the endpoint") List<String> driverOpts = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NETWORK") String network;
    @Parameters(index = "1", paramLabel = "CONTAINER") String container;

    @Override
    protected int run() throws Exception {
        client().call("POST", "/networks/" + network + "/connect", body()).close();
        return 0;
    }

    Map<String, Object> body() {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        if (ip != null || ip6 != null) {
            Map<String, Object> ipam = new LinkedHashMap<>();
            ipam.put("IPv4Address", ip == null ? "" : ip);
            ipam.put("IPv6Address", ip6 == null ? "" : ip6);
            endpoint.put("IPAMConfig", ipam);
        }
        endpoint.put("Links", links.isEmpty() ? null : links);
        endpoint.put("Aliases", aliases.isEmpty() ? null : aliases);
        if (!driverOpts.isEmpty()) {
            Map<String, String> opts = new LinkedHashMap<>();
            for (String o : driverOpts) {
                int eq = o.indexOf('=');
                opts.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
            }
            endpoint.put("DriverOpts", opts);
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Container", container);
        b.put("EndpointConfig", endpoint);
        return b;
    }
}
