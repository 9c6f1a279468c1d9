package berth.engine.network;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One host port asked for: {@code -p [ip:][hostPort[-hostPortEnd]:]containerPort[/proto]} as the API carries it
 * (HostConfig.PortBindings: "80/tcp" → [{HostIp, HostPort}]), or an exposed port under {@code -P}. A host port of 0
 * means any free one; a range means the first free one in it. An empty host address means every address of the host,
 * of both families (see {@link HostPorts}).
 */
public record PortRequest(String protocol, String hostIp, int hostPortLow, int hostPortHigh, int containerPort) {

    /**
     * The requests of a create's PortBindings, plus, with {@code publishAll}, every exposed port that has no binding
     * on a random host port. Throws InvalidArgumentException with Docker's messages for a malformed entry.
     */
    public static List<PortRequest> of(Map<String, Object> portBindings, Map<String, Object> exposedPorts,
                                       boolean publishAll) {
        List<PortRequest> out = new ArrayList<>();
        Map<String, Object> bindings = portBindings == null ? Map.of() : portBindings;
        for (Map.Entry<String, Object> e : bindings.entrySet()) {
            String[] key = portKey(e.getKey());
            int containerPort = port(key[0], e.getKey());
            List<Map<String, Object>> list = bindingList(e.getValue());
            if (list.isEmpty()) list = List.of(Map.of());
            for (Map<String, Object> b : list) {
                String ip = string(b, "HostIp");
                if (!ip.isEmpty() && !Subnet.isAddress(ip) && !isIpv6(ip)) {
                    throw new InvalidArgumentException("invalid IP address: " + ip);
                }
                String hostPort = string(b, "HostPort");
                int low = 0;
                int high = 0;
                if (!hostPort.isEmpty()) {
                    int dash = hostPort.indexOf('-');
                    low = port(dash < 0 ? hostPort : hostPort.substring(0, dash), hostPort);
                    high = dash < 0 ? low : port(hostPort.substring(dash + 1), hostPort);
                    if (high < low) throw new InvalidArgumentException("invalid port range: " + hostPort);
                }
                out.add(new PortRequest(key[1], ip, low, high, containerPort));
            }
        }
        if (publishAll && exposedPorts != null) {
            for (String k : exposedPorts.keySet()) {
                if (bindings.containsKey(k) || bindings.containsKey(normalised(k))) continue;
                String[] key = portKey(k);
                out.add(new PortRequest(key[1], "", 0, 0, port(key[0], k)));
            }
        }
        return out;
    }

    private static boolean isIpv6(String ip) {
        try {
            Subnet6.parseAddress(ip);
            return ip.contains(":");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "80/tcp" and "80" are the same port. */
    static String normalised(String key) {
        String[] k = portKey(key);
        return k[0] + "/" + k[1];
    }

    /** [port, protocol] of a "port[/proto]" key. */
    private static String[] portKey(String key) {
        int slash = key.indexOf('/');
        String port = slash < 0 ? key : key.substring(0, slash);
        String proto = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new InvalidArgumentException("invalid proto: " + proto);
        }
        if (proto.equals("sctp")) {
            throw new InvalidArgumentException("publishing sctp ports is not supported by Berth yet: " + key);
        }
        return new String[] {port, proto};
    }

    private static int port(String text, String shown) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid port specification: \"" + shown + "\"");
        }
    }

    @SuppressWarnings("unchecked") // JSON arrays of objects, as Jackson maps them
    private static List<Map<String, Object>> bindingList(Object v) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        }
        return out;
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) v = e.getValue();
            }
        }
        return v == null ? "" : String.valueOf(v);
    }

    /** The port's key in NetworkSettings.Ports. */
    public String key() {
        return containerPort + "/" + protocol;
    }

    static Map<String, List<PortRequest>> byKey(List<PortRequest> requests) {
        Map<String, List<PortRequest>> out = new LinkedHashMap<>();
        for (PortRequest r : requests) out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        return out;
    }
}
