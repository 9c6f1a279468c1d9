package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's name files as containers see them: resolv.conf with --dns, --dns-search and --dns-option applied over
 * the host's (whose loopback resolvers a container in its own namespace cannot reach, so they are left out), the
 * host's /etc/hosts for --network host, and the parsing of --add-host and --link values.
 */
final class HostFiles {
    private HostFiles() {}

    static String hostsOfHost() {
        try {
            String h = Files.readString(Path.of("/etc/hosts"));
            return h.endsWith("\n") || h.isEmpty() ? h : h + "\n";
        } catch (IOException e) {
            return ContainerFiles.HOSTS;
        }
    }

    /**
     * {@code servers}: the network's own DNS server (user-defined networks), else the host's resolvers are used.
     * {@code dropLoopback}: leave out 127.x and ::1 resolvers, which are the host's own and unreachable from a
     * container's namespace.
     */
    static String resolvConf(HostConfig h, List<String> servers, boolean dropLoopback) {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try {
            Path host = Path.of("/etc/resolv.conf");
            for (String line : Files.isReadable(host) ? Files.readAllLines(host) : List.<String>of()) {
                String t = line.strip();
                String[] f = t.split("\\s+");
                if (t.startsWith("nameserver") && f.length > 1) {
                    if (!dropLoopback || !(f[1].startsWith("127.") || f[1].equals("::1"))) nameservers.add(f[1]);
                } else if ((t.startsWith("search") || t.startsWith("domain")) && f.length > 1) {
                    search.clear();
                    for (int i = 1; i < f.length; i++) search.add(f[i]);
                } else if (t.startsWith("options") && f.length > 1) {
                    for (int i = 1; i < f.length; i++) options.add(f[i]);
                } else if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith(";")) {
                    other.add(t);
                }
            }
        } catch (IOException e) {
            // no host resolv.conf: only what the container was given
        }
        if (!servers.isEmpty()) nameservers = new ArrayList<>(servers);
        if (h.dns() != null && !h.dns().isEmpty()) nameservers = new ArrayList<>(h.dns());
        if (h.dnsSearch() != null && !h.dnsSearch().isEmpty()) {
            search = new ArrayList<>(h.dnsSearch());
            if (search.equals(List.of("."))) search.clear();
        }
        if (h.dnsOptions() != null && !h.dnsOptions().isEmpty()) options = new ArrayList<>(h.dnsOptions());
        StringBuilder sb = new StringBuilder();
        for (String s : nameservers) sb.append("nameserver ").append(s).append('\n');
        if (!search.isEmpty()) sb.append("search ").append(String.join(" ", search)).append('\n');
        if (!options.isEmpty()) sb.append("options ").append(String.join(" ", options)).append('\n');
        for (String o : other) sb.append(o).append('\n');
        return sb.toString();
    }

    /** An --add-host entry, "name:address" or "name=address" (address may be IPv6 or host-gateway). */
    record ExtraHost(String name, String address) {
        static ExtraHost parse(String value) {
            int sep = value.indexOf('=');
            if (sep < 0) sep = value.indexOf(':');
            if (sep <= 0 || sep == value.length() - 1) {
                throw new InvalidArgumentException("invalid argument \"" + value + "\" for \"--add-host\" flag: "
                        + "bad format for add-host: \"" + value + "\"");
            }
            String address = value.substring(sep + 1);
            if (address.startsWith("[") && address.endsWith("]")) address = address.substring(1, address.length() - 1);
            return new ExtraHost(value.substring(0, sep), address);
        }
    }

    /** A --link value, "name" or "name:alias": [name, alias]. */
    static String[] link(String value) {
        String v = value.startsWith("/") ? value.substring(1) : value;
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        String alias = colon < 0 ? name : v.substring(colon + 1);
        if (alias.contains("/")) alias = alias.substring(alias.lastIndexOf('/') + 1);
        return new String[] {name, alias};
    }
}
