package berth.cli.network;

import berth.cli.CliError;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code network create}'s --subnet, --ip-range, --gateway and --aux-address grouped per subnet as the docker CLI's
 * consolidateIpam does: each range, gateway and auxiliary address goes to the subnet that contains it.
 */
final class Ipam {
    private Ipam() {}

    static List<Map<String, Object>> configs(List<String> subnets, List<String> ranges, List<String> gateways,
            Map<String, String> auxAddresses) {
        if (subnets.size() < ranges.size() || subnets.size() < gateways.size()) {
            throw new CliError("every ip-range or gateway must have a corresponding subnet");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : subnets) {
            for (Map<String, Object> c : out) {
                String other = (String) c.get("Subnet");
                if (overlaps(s, other)) throw new CliError("multiple overlapping subnet configuration is not supported");
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Subnet", s);
            out.add(c);
        }
        for (String r : ranges) {
            Map<String, Object> c = owner(out, address(r), "no matching subnet for range " + r);
            if (c.containsKey("IPRange")) throw new CliError("cannot configure multiple ranges (" + r + ", " + c.get("IPRange") + ") on the same subnet (" + c.get("Subnet") + ")");
            c.put("IPRange", r);
        }
        for (String g : gateways) {
            Map<String, Object> c = owner(out, g, "no matching subnet for gateway " + g);
            if (c.containsKey("Gateway")) throw new CliError("cannot configure multiple gateways (" + g + ", " + c.get("Gateway") + ") for the same subnet (" + c.get("Subnet") + ")");
            c.put("Gateway", g);
        }
        for (Map.Entry<String, String> a : auxAddresses.entrySet()) {
            Map<String, Object> c = owner(out, a.getValue(), "no matching subnet for aux-address " + a.getValue());
            @SuppressWarnings("unchecked")
            Map<String, String> aux = (Map<String, String>) c.computeIfAbsent("AuxiliaryAddresses", k -> new LinkedHashMap<String, String>());
            aux.put(a.getKey(), a.getValue());
        }
        return out;
    }

    private static String address(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private static Map<String, Object> owner(List<Map<String, Object>> configs, String ip, String error) {
        for (Map<String, Object> c : configs) if (contains((String) c.get("Subnet"), ip)) return c;
        throw new CliError(error);
    }

    static boolean contains(String cidr, String ip) {
        byte[] net = bytes(address(cidr));
        byte[] a = bytes(ip);
        if (net == null || a == null || net.length != a.length) return false;
        int bits = prefix(cidr, net.length * 8);
        return new BigInteger(1, net).shiftRight(net.length * 8 - bits).equals(new BigInteger(1, a).shiftRight(a.length * 8 - bits));
    }

    private static boolean overlaps(String x, String y) {
        return contains(x, address(y)) || contains(y, address(x));
    }

    private static int prefix(String cidr, int max) {
        int slash = cidr.indexOf('/');
        if (slash < 0) return max;
        try {
            return Math.min(max, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            return max;
        }
    }

    private static byte[] bytes(String ip) {
        // literal addresses only: a name must never be resolved here
        if (!ip.matches("[0-9a-fA-F:.]+")) return null;
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
