package berth.engine.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How to reach registries. {@code insecureRegistries} ("host:port", "host" or a CIDR such as "10.1.0.0/16", as in
 * daemon.json) are spoken to over plain HTTP or TLS without verification; so are loopback registries (localhost,
 * 127.0.0.0/8, ::1), which Docker also treats as insecure. {@code mirrors} (URLs) serve docker.io pulls before
 * docker.io itself. {@code certsDir} holds per-registry TLS material, Docker's {@code certs.d/<host:port>/} layout.
 * {@code timeouts} bound every wait on a registry; {@code transfers} say how many layers move at once.
 */
public record RegistryConfig(Set<String> insecureRegistries, Timeouts timeouts, List<URI> mirrors, Path certsDir,
                             Transfers transfers) {
    public static final Path DEFAULT_CERTS_DIR = Path.of("/etc/berth/certs.d");
    /** Always insecure, whatever the configuration says (Docker's stop-gap for registries on localhost). */
    public static final List<String> LOOPBACK_CIDRS = List.of("::1/128", "127.0.0.0/8");

    public RegistryConfig {
        insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
        certsDir = certsDir == null ? DEFAULT_CERTS_DIR : certsDir;
        transfers = transfers == null ? Transfers.DEFAULT : transfers;
    }

    public RegistryConfig(Set<String> insecureRegistries, Timeouts timeouts) {
        this(insecureRegistries, timeouts, List.of(), null, null);
    }

    /**
     * How many layers one pull downloads and one push uploads at once (daemon.json's max-concurrent-downloads and
     * max-concurrent-uploads; Docker's defaults).
     */
    public record Transfers(int downloads, int uploads) {
        public static final Transfers DEFAULT = new Transfers(3, 5);

        public Transfers {
            if (downloads < 1 || uploads < 1) throw new IllegalArgumentException("at least one transfer at a time");
        }
    }

    public RegistryConfig(Set<String> insecureRegistries) {
        this(insecureRegistries, Timeouts.DEFAULT);
    }

    /**
     * {@code connect}: to open a connection; {@code response}: from sending a request to the response headers;
     * {@code stall}: the longest pause allowed while a body (manifest, config, layer) is arriving.
     */
    public record Timeouts(Duration connect, Duration response, Duration stall) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60));

        public Timeouts {
            for (Duration d : new Duration[] {connect, response, stall}) {
                if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("registry timeouts must be positive");
            }
        }
    }

    /**
     * A registry mirror as daemon.json names it: an http or https URL with a host and no path, query or credentials.
     * Returned with a trailing slash, as /info shows mirrors.
     */
    public static URI parseMirror(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid mirror: " + text + " is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("invalid mirror: unsupported scheme \"" + uri.getScheme() + "\" in \"" + text + "\"");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("invalid mirror: \"" + text + "\": a mirror is scheme://host[:port] only");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
    }

    /** Whether an insecure-registries entry is an address block ("10.1.0.0/16") rather than a registry name. */
    public static boolean isCidr(String entry) {
        return Cidr.isCidr(entry);
    }

    /** The CIDR entries of insecure-registries, after the loopback ones that always apply. */
    public List<String> insecureCidrs() {
        List<String> out = new ArrayList<>(LOOPBACK_CIDRS);
        for (String entry : insecureRegistries) if (Cidr.isCidr(entry) && !out.contains(entry)) out.add(entry);
        return out;
    }

    /** The host-name entries of insecure-registries (not CIDRs). */
    public List<String> insecureNames() {
        return insecureRegistries.stream().filter(e -> !Cidr.isCidr(e)).sorted().toList();
    }

    /** Whether {@code domain} (a reference's domain, "host[:port]") may be reached over plain HTTP or unverified TLS. */
    public boolean isInsecure(String domain) {
        return isLoopback(host(domain)) || isConfiguredInsecure(domain);
    }

    /** Whether daemon.json or a flag names {@code domain} insecure (by name or CIDR), loopback aside. */
    boolean isConfiguredInsecure(String domain) {
        String host = host(domain);
        if (insecureRegistries.contains(domain) || insecureRegistries.contains(host)) return true;
        // Only literal addresses are matched against CIDRs: resolving a name would leak a DNS query for every registry.
        byte[] address = literal(host);
        if (address == null) return false;
        for (String entry : insecureRegistries) {
            if (Cidr.isCidr(entry) && Cidr.parse(entry).contains(address)) return true;
        }
        return false;
    }

    /** Whether the host of {@code domain} is a loopback name or address. */
    static boolean isLoopbackDomain(String domain) {
        return isLoopback(host(domain));
    }

    static String host(String domain) {
        if (domain.startsWith("[")) return domain.substring(1, domain.indexOf(']'));
        int colon = domain.indexOf(':');
        return colon < 0 ? domain : domain.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        byte[] address = literal(host);
        if (address == null) return false;
        try {
            return InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null for a name (never resolved). */
    private static byte[] literal(String host) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) return null;
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block, "10.1.0.0/16" or "fd00::/8". */
    record Cidr(byte[] network, int prefix) {
        static boolean isCidr(String text) {
            int slash = text.indexOf('/');
            if (slash <= 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) return false;
            byte[] network = literal(text.substring(0, slash));
            return network != null && Integer.parseInt(text.substring(slash + 1)) <= network.length * 8;
        }

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = literal(text.substring(0, slash));
            int prefix = Integer.parseInt(text.substring(slash + 1));
            if (network == null || prefix > network.length * 8) throw new IllegalArgumentException("invalid CIDR: " + text);
            return new Cidr(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }
    }
}
