package berth.engine.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;

/**
 * How to reach registries. {@code insecureRegistries} ("host:port" or "host", as in daemon.json) are spoken to over
 * plain HTTP; so are loopback registries (localhost, 127.0.0.0/8, ::1), which Docker also treats as insecure.
 * {@code timeouts} bound every wait on a registry.
 */
public record RegistryConfig(Set<String> insecureRegistries, Timeouts timeouts) {

    public RegistryConfig {
        insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
        timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
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

    /** Whether {@code domain} (a reference's domain, "host[:port]") is reached over plain HTTP. */
    public boolean isInsecure(String domain) {
        String host = host(domain);
        return insecureRegistries.contains(domain) || insecureRegistries.contains(host) || isLoopback(host);
    }

    static String host(String domain) {
        if (domain.startsWith("[")) return domain.substring(1, domain.indexOf(']'));
        int colon = domain.indexOf(':');
        return colon < 0 ? domain : domain.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        // Only literal addresses: resolving a name here would leak a DNS query for every registry contacted.
        if (!host.matches("[0-9.]+") && !host.contains(":")) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
