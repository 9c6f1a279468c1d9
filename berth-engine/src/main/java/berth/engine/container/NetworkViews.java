package berth.engine.container;

import berth.api.model.EndpointSettings;
import berth.api.model.NetworkSettings;
import berth.engine.network.EndpointConfig;
import berth.engine.network.NetworkRecord;
import berth.engine.network.NetworkStore;
import berth.engine.network.Networking;
import berth.engine.network.PublishedPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's network as inspect and ps show it, Docker's way: every network it is on, with the address, gateway
 * and MAC of the current run (empty when it is not running); the top-level IPAddress, Gateway and MacAddress are the
 * default bridge's; Ports lists exposed ports, with their host bindings while running.
 */
final class NetworkViews {
    private NetworkViews() {}

    static NetworkSettings settings(NetworkAttachment network, ContainerRecord r) {
        String mode = network.modeOf(r.hostConfig().networkMode());
        Networking networking = network.networking();
        Optional<Networking.RunView> run = networking.enabled() ? networking.view(r.id()) : Optional.empty();
        Map<String, EndpointSettings> networks = new LinkedHashMap<>();
        if (!networking.enabled() || mode.equals("none") || mode.equals("host") || mode.startsWith("container:")) {
            String shown = mode.startsWith("container:") ? null : mode;
            if (shown != null) networks.put(shown, predefined(networking, shown));
            String key = run.isEmpty() && mode.equals("host") ? "/var/run/docker/netns/default" : "";
            return new NetworkSettings("", "", key, Map.of(), false, "", 0, null, null, "", "", "", 0, "", 0, "", "",
                    networks);
        }
        EndpointSettings top = null;
        for (NetworkStore.Endpoint ep : networking.store().endpointsOf(r.id())) {
            Optional<NetworkRecord> n = networking.store().byId(ep.networkId());
            if (n.isEmpty()) continue;
            Optional<Networking.Lease> lease = run.flatMap(v -> v.leases().stream()
                    .filter(l -> l.networkId().equals(ep.networkId())).findFirst());
            EndpointSettings es = endpoint(n.get(), ep.config(), lease, r);
            networks.put(n.get().name(), es);
            if (n.get().name().equals(NetworkRecord.DEFAULT)) top = es;
        }
        Map<String, Object> ports = run.isPresent() ? ports(r, run.get().ports()) : Map.of();
        String sandboxKey = run.map(v -> v.netns().toString()).orElse("");
        String sandboxId = run.map(v -> sha256(v.netns().toString())).orElse("");
        if (top == null) top = EndpointSettings.unconnected();
        return new NetworkSettings("", sandboxId, sandboxKey, ports, false, "", 0, null, null, top.endpointId(),
                top.gateway(), "", 0, top.ipAddress(), top.ipPrefixLen(), "", top.macAddress(), networks);
    }

    private static EndpointSettings predefined(Networking networking, String name) {
        String id = networking.enabled() ? networking.find(name).map(NetworkRecord::id).orElse("") : "";
        return new EndpointSettings(null, null, null, "", null, 0, id, "", "", "", 0, "", "", 0, null);
    }

    private static EndpointSettings endpoint(NetworkRecord n, EndpointConfig c, Optional<Networking.Lease> lease,
                                             ContainerRecord r) {
        Map<String, Object> ipam = c.ipv4Address().isEmpty() ? null : Map.of("IPv4Address", c.ipv4Address());
        List<String> aliases = c.aliases().isEmpty() ? null : c.aliases();
        List<String> dnsNames = n.dnsEnabled() ? NetworkAttachment.dnsNames(r, c) : null;
        List<String> links = c.links().isEmpty() ? null : c.links();
        String mac = lease.map(Networking.Lease::macAddress).orElse(c.macAddress());
        return new EndpointSettings(ipam, links, aliases, mac, null, 0, n.id(),
                lease.map(Networking.Lease::endpointId).orElse(""), lease.map(Networking.Lease::gateway).orElse(""),
                lease.map(Networking.Lease::address).orElse(""), lease.map(Networking.Lease::prefix).orElse(0),
                lease.map(Networking.Lease::gateway6).orElse(""), lease.map(Networking.Lease::address6).orElse(""),
                lease.map(Networking.Lease::prefix6).orElse(0), dnsNames);
    }

    /** "80/tcp" → [{HostIp, HostPort}] for published ports, null for ports only exposed. */
    private static Map<String, Object> ports(ContainerRecord r, List<PublishedPort> published) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.config().exposedPorts() != null) {
            for (String k : r.config().exposedPorts().keySet()) out.put(k.contains("/") ? k : k + "/tcp", null);
        }
        for (PublishedPort p : published) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = (List<Map<String, String>>) out.get(p.key());
            if (list == null) {
                list = new ArrayList<>();
                out.put(p.key(), list);
            }
            list.add(Map.of("HostIp", p.hostIp(), "HostPort", String.valueOf(p.hostPort())));
        }
        return out;
    }

    /** ps's Ports: one entry per published port, and one without a host side per port only exposed. */
    static List<Map<String, Object>> psPorts(NetworkAttachment network, ContainerRecord r) {
        List<Map<String, Object>> out = new ArrayList<>();
        Networking networking = network.networking();
        Optional<Networking.RunView> run = networking.enabled() ? networking.view(r.id()) : Optional.empty();
        if (run.isEmpty()) return out; // Docker lists ports of running containers only
        List<PublishedPort> published = run.get().ports();
        List<String> covered = new ArrayList<>();
        for (PublishedPort p : published) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", p.hostIp());
            m.put("PrivatePort", p.containerPort());
            m.put("PublicPort", p.hostPort());
            m.put("Type", p.protocol());
            out.add(m);
            covered.add(p.key());
        }
        if (r.config().exposedPorts() != null) {
            for (String k : r.config().exposedPorts().keySet()) {
                String key = k.contains("/") ? k : k + "/tcp";
                if (covered.contains(key)) continue;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("PrivatePort", Integer.parseInt(key.substring(0, key.indexOf('/'))));
                m.put("Type", key.substring(key.indexOf('/') + 1));
                out.add(m);
            }
        }
        return out;
    }

    static Map<String, EndpointSettings> psNetworks(NetworkAttachment network, ContainerRecord r) {
        return settings(network, r).networks();
    }

    /** The networks a container is on, name → id, for ps's network filter. */
    static Map<String, String> networkIds(NetworkAttachment network, ContainerRecord r) {
        Map<String, String> out = new LinkedHashMap<>();
        psNetworks(network, r).forEach((name, es) -> out.put(name, es.networkId()));
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
