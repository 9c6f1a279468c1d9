package berth.engine.network;

import java.util.Map;

/**
 * A network as stored. {@code subnet6}/{@code gateway6} are set on networks created with {@code --ipv6} (null
 * otherwise). {@code driver} is "bridge", or "host"/"null" for the predefined networks that stand for
 * {@code --network host} and {@code none}; those have no subnet. {@code bridge} is the host interface netavark
 * creates; {@code dnsEnabled} runs aardvark-dns on the gateway (user-defined networks, as Docker's embedded DNS).
 */
public record NetworkRecord(String id, String name, String driver, String created, String subnet, String gateway,
                            String ipRange, String bridge, boolean internal, boolean attachable, boolean dnsEnabled,
                            Integer mtu, Map<String, String> labels, Map<String, String> options,
                            String subnet6, String gateway6) {

    public static final String DEFAULT = "bridge";

    /** An IPv4-only network. */
    public NetworkRecord(String id, String name, String driver, String created, String subnet, String gateway,
                         String ipRange, String bridge, boolean internal, boolean attachable, boolean dnsEnabled,
                         Integer mtu, Map<String, String> labels, Map<String, String> options) {
        this(id, name, driver, created, subnet, gateway, ipRange, bridge, internal, attachable, dnsEnabled, mtu, labels,
                options, null, null);
    }

    public boolean ipv6() {
        return subnet6 != null && !subnet6.isEmpty();
    }

    public Subnet6 subnet6Value() {
        return Subnet6.parse(subnet6);
    }

    public boolean predefined() {
        return name.equals(DEFAULT) || name.equals("host") || name.equals("none");
    }

    public boolean isBridge() {
        return driver.equals("bridge");
    }

    public Subnet subnetValue() {
        return Subnet.parse(subnet);
    }

    /** Addresses handed to containers come from the ip range when one is set, else from the whole subnet. */
    public Subnet pool() {
        return ipRange == null || ipRange.isEmpty() ? subnetValue() : Subnet.parse(ipRange);
    }

    public String shortId() {
        return id.substring(0, 12);
    }
}
