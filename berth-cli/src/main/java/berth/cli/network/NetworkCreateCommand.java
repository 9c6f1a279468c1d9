package berth.cli.network;

import berth.cli.Verb;
import berth.client.JsonPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth network create}: makes a network and prints its ID. */
@Command(name = "create", description = "Create a network", sortOptions = false)
public final class NetworkCreateCommand extends Verb {
    @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "bridge", description = "Network driver (bridge)") String driver = "bridge";
    @Option(names = "--subnet", paramLabel = "strings", description = "Subnet in CIDR form, e.g. 10.10.0.0/24") List<String> subnets = new ArrayList<>();
    @Option(names = "--ip-range", paramLabel = "strings", description = "Part of the subnet that containers' addresses come from") List<String> ipRanges = new ArrayList<>();
    @Option(names = "--gateway", paramLabel = "strings", description = "Gateway address of the subnet") List<String> gateways = new ArrayList<>();
    @Option(names = "--aux-address", paramLabel = "map", description = "Address the network must not hand out (name=ip)") List<String> auxAddresses = new ArrayList<>();
    @Option(names = "--ipam-driver", paramLabel = "string", defaultValue = "default", description = "Address management driver") String ipamDriver = "default";
    @Option(names = "--ipam-opt", paramLabel = "map", description = "Option for the address management driver") List<String> ipamOpts = new ArrayList<>();
    @Option(names = "--internal", description = "Give the network no route out of the host") boolean internal;
    @Option(names = "--attachable", description = "Let containers join the network by hand") boolean attachable;
    @Option(names = "--ipv6", description = "Give the network IPv6 addresses too") Boolean ipv6;
    @Option(names = "--label", paramLabel = "list", description = "Set metadata on the network") List<String> labels = new ArrayList<>();
    @Option(names = {"-o", "--opt"}, paramLabel = "map", description = "Driver option") List<String> opts = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NETWORK") String name;

    @Override
    protected int run() throws Exception {
        out.println(JsonPath.text(JsonPath.get(client().call("POST", "/networks/create", body()).value(), "Id")));
        return 0;
    }

    /** The body the docker CLI sends for these flags. */
    Map<String, Object> body() {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", ipamDriver);
        ipam.put("Options", keyValues(ipamOpts));
        ipam.put("Config", Ipam.configs(subnets, ipRanges, gateways, keyValues(auxAddresses)));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Name", name);
        b.put("Driver", driver);
        b.put("Scope", "");
        if (ipv6 != null) b.put("EnableIPv6", ipv6);
        b.put("IPAM", ipam);
        b.put("Internal", internal);
        b.put("Attachable", attachable);
        b.put("Ingress", false);
        b.put("ConfigOnly", false);
        b.put("ConfigFrom", null);
        b.put("Options", keyValues(opts));
        b.put("Labels", keyValues(labels));
        return b;
    }

    private static Map<String, String> keyValues(List<String> items) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String i : items) {
            int eq = i.indexOf('=');
            m.put(eq < 0 ? i : i.substring(0, eq), eq < 0 ? "" : i.substring(eq + 1));
        }
        return m;
    }
}
