package berth.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's IPv4 routes (/proc/net/route), to keep new networks off ranges the host already reaches through some
 * interface (its LAN, Docker's bridge, a VPN): a bridge there would hijack that traffic.
 */
final class HostRoutes {
    private HostRoutes() {}

    record Route(String iface, Subnet subnet) {}

    static List<Route> read() {
        List<Route> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) continue;
                long dest = swap(Long.parseLong(f[1], 16));
                long mask = swap(Long.parseLong(f[7], 16));
                int prefix = Long.bitCount(mask);
                if (prefix == 0) continue; // the default route covers everything and conflicts with nothing
                out.add(new Route(f[0], new Subnet(dest, prefix)));
            }
        } catch (IOException | RuntimeException e) {
            // no route table to read: nothing to avoid
        }
        return out;
    }

    /** /proc/net/route prints addresses in host (little-endian) byte order. */
    private static long swap(long v) {
        return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | ((v >> 24) & 0xFF);
    }
}
