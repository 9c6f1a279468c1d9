package berth.engine.network;

import berth.api.errors.InvalidArgumentException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 subnet of /64 or smaller: the upper 64 bits ({@code high}, the /64 every host address shares) and the
 * network's lower bits ({@code low}) with the prefix length. Berth allocates only inside one /64, so host addresses
 * are {@code high} and an unsigned 64-bit value; larger subnets are refused where networks are defined.
 */
public record Subnet6(long high, long low, int prefix) {
    public Subnet6 {
        if (prefix < 64 || prefix > 128) throw new IllegalArgumentException("prefix " + prefix);
        low = low & mask(prefix);
    }

    /** The lower-64-bit mask of a prefix of 64 to 128 bits. */
    private static long mask(int prefix) {
        return prefix == 64 ? 0 : -1L << (128 - prefix);
    }

    /** "fd00:1::/64"; host bits are cleared. A prefix shorter than 64 is refused (Berth cannot allocate in it). */
    public static Subnet6 parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        long[] a = parseAddress(cidr.substring(0, slash), cidr);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 128) throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        if (prefix < 64) {
            throw new InvalidArgumentException("IPv6 subnet " + cidr + " is larger than a /64, which Berth cannot "
                    + "allocate addresses in yet: give a /64 or smaller");
        }
        return new Subnet6(a[0], a[1], prefix);
    }

    public static boolean isAddress(String text) {
        return text.contains(":");
    }

    /** [high, low] of an IPv6 address in any of its textual forms (no zone, no IPv4-mapped tail needed). */
    public static long[] parseAddress(String text) {
        return parseAddress(text, text);
    }

    private static long[] parseAddress(String text, String shown) {
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            throw new InvalidArgumentException("invalid IP address: " + shown);
        }
        byte[] b;
        try {
            InetAddress a = InetAddress.getByName(text); // a literal: no name lookup happens
            if (!(a instanceof Inet6Address)) throw new InvalidArgumentException("invalid IPv6 address: " + shown);
            b = a.getAddress();
        } catch (UnknownHostException e) {
            throw new InvalidArgumentException("invalid IP address: " + shown);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) high = (high << 8) | (b[i] & 0xFF);
        for (int i = 8; i < 16; i++) low = (low << 8) | (b[i] & 0xFF);
        return new long[] {high, low};
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of two or more zero groups as "::". */
    public static String format(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) g[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
        for (int i = 0; i < 4; i++) g[4 + i] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** The last host value of the subnet (its lower 64 bits). */
    public long lastLow() {
        return low | ~mask(prefix);
    }

    public boolean contains(long[] address) {
        return address[0] == high && (address[1] & mask(prefix)) == low;
    }

    public boolean overlaps(Subnet6 other) {
        if (high != other.high) return false;
        int p = Math.min(prefix, other.prefix);
        return (low & mask(p)) == (other.low & mask(p));
    }

    /** The first host address (network + 1): Docker's default IPv6 gateway. */
    public String firstHost() {
        return format(high, low + 1);
    }

    public String address(long hostLow) {
        return format(high, hostLow);
    }

    @Override
    public String toString() {
        return format(high, low) + "/" + prefix;
    }
}
