package berth.cli.container;

import berth.cli.CliError;
import berth.cli.FlagParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Published ports, name resolution and the container's endpoint on its network, for run and create. */
public final class NetworkOptions {
    @Option(names = {"-p", "--publish"}, paramLabel = "list",
            description = "Publish a container port on the host ([ip:][hostPort:]containerPort[/proto], ranges allowed)")
    List<String> publish = new ArrayList<>();
    @Option(names = {"-P", "--publish-all"}, description = "Publish every exposed port on a free host port") boolean publishAll;
    @Option(names = "--expose", paramLabel = "list", description = "Expose a port or a range of ports without publishing it") List<String> expose = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "string", description = "IPv4 address of the container on its network") String ip;
    @Option(names = "--mac-address", paramLabel = "string", description = "MAC address of the container's interface") String macAddress;
    @Option(names = "--network-alias", paramLabel = "list", description = "Another name the container answers to on its network") List<String> aliases = new ArrayList<>();
    @Option(names = "--add-host", paramLabel = "list", converter = OptionValues.ExtraHost.class,
            description = "Add a line to /etc/hosts (host:ip)") List<String> addHosts = new ArrayList<>();
    @Option(names = "--dns", paramLabel = "list", converter = OptionValues.Ip.class, description = "Name server for the container") List<String> dns = new ArrayList<>();
    @Option(names = "--dns-search", paramLabel = "list", description = "Search domain for the container's resolver") List<String> dnsSearch = new ArrayList<>();
    @Option(names = "--dns-option", paramLabel = "list", description = "Option for the container's resolver") List<String> dnsOptions = new ArrayList<>();
    @Option(names = "--link", paramLabel = "list", description = "Reach another container by name (name[:alias])") List<String> links = new ArrayList<>();

    /** Binds these options to the quick parser, through one setter class (see {@link ResourceOptions#flags}). */
    FlagParser flags(FlagParser p) {
        p.values(new Setter("--publish"), "-p", "--publish").flag(new Setter("--publish-all"), "-P", "--publish-all");
        for (String f : new String[] {"--expose", "--network-alias", "--add-host", "--dns", "--dns-search", "--dns-option", "--link"}) {
            p.values(new Setter(f), f);
        }
        return p.value(new Setter("--ip"), "--ip").value(new Setter("--mac-address"), "--mac-address");
    }

    private final class Setter implements java.util.function.Consumer<String>, Runnable {
        private final String flag;

        Setter(String flag) {
            this.flag = flag;
        }

        @Override
        public void run() {
            publishAll = true;
        }

        @Override
        public void accept(String v) {
            switch (flag) {
                case "--publish" -> publish.add(v);
                case "--expose" -> expose.add(v);
                case "--ip" -> ip = v;
                case "--mac-address" -> macAddress = v;
                case "--network-alias" -> aliases.add(v);
                case "--add-host" -> addHosts.add(OptionValues.extraHost(v));
                case "--dns" -> dns.add(OptionValues.ipAddress(v));
                case "--dns-search" -> dnsSearch.add(v);
                case "--dns-option" -> dnsOptions.add(v);
                case "--link" -> links.add(v);
                default -> throw new IllegalStateException(flag);
            }
        }
    }

    /** Ports into Config.ExposedPorts and HostConfig.PortBindings, the rest into HostConfig and NetworkingConfig. */
    void apply(Map<String, Object> body, Map<String, Object> host, String network) {
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        for (String spec : publish) {
            for (OptionValues.PortMapping m : OptionValues.portSpec(spec)) {
                exposed.put(m.port(), Map.of());
                Map<String, String> b = new LinkedHashMap<>();
                b.put("HostIp", m.hostIp());
                b.put("HostPort", m.hostPort());
                bindings.putIfAbsent(m.port(), new ArrayList<>());
                bindings.get(m.port()).add(b);
            }
        }
        for (String e : expose) {
            int slash = e.indexOf('/');
            String proto = slash < 0 ? "tcp" : e.substring(slash + 1);
            String range = slash < 0 ? e : e.substring(0, slash);
            long[] r;
            try {
                r = OptionValues.portRange(range);
            } catch (IllegalArgumentException ex) {
                throw new CliError("invalid range format for --expose: " + e + ", error: " + ex.getMessage());
            }
            for (long port = r[0]; port <= r[1]; port++) exposed.put(port + "/" + proto, Map.of());
        }
        if (!exposed.isEmpty()) body.put("ExposedPorts", exposed);
        if (!bindings.isEmpty()) host.put("PortBindings", bindings);
        if (publishAll) host.put("PublishAllPorts", true);
        if (!addHosts.isEmpty()) host.put("ExtraHosts", List.copyOf(addHosts));
        if (!dns.isEmpty()) host.put("Dns", List.copyOf(dns));
        if (!dnsSearch.isEmpty()) host.put("DnsSearch", List.copyOf(dnsSearch));
        if (!dnsOptions.isEmpty()) host.put("DnsOptions", List.copyOf(dnsOptions));
        if (!links.isEmpty()) host.put("Links", List.copyOf(links));
        Map<String, Object> endpoint = endpoint();
        if (endpoint != null) {
            body.put("NetworkingConfig", Map.of("EndpointsConfig", Map.of(network == null ? "default" : network, endpoint)));
        }
    }

    /**
     * --ip, --mac-address, --network-alias and --link describe the container's endpoint on the network it joins (the
     * docker CLI sends the links both there and in HostConfig).
     */
    private Map<String, Object> endpoint() {
        if (ip == null && macAddress == null && aliases.isEmpty() && links.isEmpty()) return null;
        Map<String, Object> e = new LinkedHashMap<>();
        // the address itself is the daemon's to check, as with the docker CLI
        if (ip != null) e.put("IPAMConfig", Map.of("IPv4Address", ip));
        if (!links.isEmpty()) e.put("Links", List.copyOf(links));
        if (!aliases.isEmpty()) e.put("Aliases", List.copyOf(aliases));
        if (macAddress != null) e.put("MacAddress", OptionValues.macAddress(macAddress));
        return e;
    }
}
