package berth.cli.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PORTS column of {@code ps}, laid out as the docker CLI lays it out, since scripts split it: ports published on
 * the same host port number as the container's, and ports only exposed, are folded into ranges per address and
 * protocol ({@code 0.0.0.0:8000-8002->8000-8002/tcp}, {@code 7000-7002/tcp}), in the order their first port sorts;
 * ports published on another number follow one by one ({@code [::]:18091->80/tcp}). IPv6 addresses are bracketed.
 */
final class PortsColumn {
    /** One entry of GET /containers/json's {@code Ports}; an empty ip means exposed and not published. */
    record Port(String ip, int privatePort, int publicPort, String type) {}

    private static final Comparator<Port> ORDER = Comparator.comparingInt(Port::privatePort)
            .thenComparing(Port::ip).thenComparingInt(Port::publicPort).thenComparing(Port::type);

    private record Group(String ip, String type) {}

    private PortsColumn() {}

    static String render(List<Port> ports) {
        List<Port> sorted = new ArrayList<>(ports);
        sorted.sort(ORDER);
        List<String> out = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        Map<Group, int[]> open = new LinkedHashMap<>();
        for (Port p : sorted) {
            if (!p.ip().isEmpty() && p.publicPort() != p.privatePort()) {
                elsewhere.add(host(p.ip(), String.valueOf(p.publicPort())) + "->" + p.privatePort() + "/" + p.type());
                continue;
            }
            Group g = new Group(p.ip(), p.type());
            int[] range = open.get(g);
            if (range == null) {
                open.put(g, new int[] {p.privatePort(), p.privatePort()});
            } else if (p.privatePort() == range[1] + 1) {
                range[1] = p.privatePort();
            } else {
                out.add(range(g, range));
                range[0] = range[1] = p.privatePort();
            }
        }
        open.forEach((g, range) -> out.add(range(g, range)));
        out.addAll(elsewhere);
        return String.join(", ", out);
    }

    private static String range(Group g, int[] range) {
        String ports = range[0] == range[1] ? String.valueOf(range[0]) : range[0] + "-" + range[1];
        return (g.ip().isEmpty() ? ports : host(g.ip(), ports) + "->" + ports) + "/" + g.type();
    }

    private static String host(String ip, String port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
