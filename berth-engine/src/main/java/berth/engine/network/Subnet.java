package berth.engine.network;

import berth.api.errors.InvalidArgumentException;

/** An IPv4 subnet: the network address as an unsigned 32-bit value and the prefix length. */
public record Subnet(long network, int prefix) {
    public Subnet {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix " + prefix);
        network = network & mask(prefix);
    }

    /** "10.1.0.0/16"; host bits are cleared as Docker does ("10.1.2.3/16" is 10.1.0.0/16). */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        long addr = parseAddress(cidr.substring(0, slash), cidr);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        }
        if (prefix < 0 || prefix > 32) throw new InvalidArgumentException("invalid CIDR address: " + cidr);
        return new Subnet(addr, prefix);
    }

    public static long parseAddress(String text) {
        return parseAddress(text, text);
    }

    private static long parseAddress(String text, String shown) {
        String[] p = text.split("\\.", -1);
        if (p.length != 4) throw new InvalidArgumentException("invalid IP address: " + shown);
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new InvalidArgumentException("invalid IP address: " + shown);
            }
            int b = Integer.parseInt(part);
            if (b > 255) throw new InvalidArgumentException("invalid IP address: " + shown);
            v = (v << 8) | b;
        }
        return v;
    }

    public static boolean isAddress(String text) {
        try {
            parseAddress(text);
            return true;
        } catch (InvalidArgumentException e) {
            return false;
        }
    }

    public static String format(long addr) {
        return ((addr >> 24) & 255) + "." + ((addr >> 16) & 255) + "." + ((addr >> 8) & 255) + "." + (addr & 255);
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public long broadcast() {
        return network + size() - 1;
    }

    public boolean contains(long addr) {
        return (addr & mask(prefix)) == network;
    }

    public boolean contains(Subnet other) {
        return other.prefix >= prefix && contains(other.network);
    }

    public boolean overlaps(Subnet other) {
        return contains(other.network) || other.contains(network);
    }

    /** The first host address: Docker's default gateway. */
    public long firstHost() {
        return prefix >= 31 ? network : network + 1;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
