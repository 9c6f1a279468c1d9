package berth.engine.network;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's network settings: the default bridge's interface name and address ({@code bridge}, {@code bip} in
 * daemon.json; null: "berth0" and the first free range of Docker's defaults), the pools user-defined networks get
 * their subnets from ({@code default-address-pools}), and where netavark, aardvark-dns and the namespaces live.
 */
public record NetworkConfig(boolean enabled, String bridgeName, String bip, List<AddressPool> pools,
                            Path netavark, Path aardvark, Path stateDir) {

    /** A base range cut into subnets of {@code size} bits. */
    public record AddressPool(String base, int size) {}

    public static final String DEFAULT_BRIDGE = "berth0";

    /** Docker's default pools: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
    public static final List<AddressPool> DEFAULT_POOLS = List.of(new AddressPool("172.17.0.0/16", 16),
            new AddressPool("172.18.0.0/15", 16), new AddressPool("172.20.0.0/14", 16),
            new AddressPool("172.24.0.0/13", 16), new AddressPool("192.168.0.0/16", 20));

    public static NetworkConfig defaults(Path execRoot) {
        return new NetworkConfig(true, null, null, DEFAULT_POOLS, Path.of("/usr/lib/podman/netavark"),
                Path.of("/usr/lib/podman/aardvark-dns"), execRoot.resolve("net"));
    }

    /** No networks but each container's own loopback: what engine tests use unless they test networking. */
    public static NetworkConfig disabled(Path execRoot) {
        return new NetworkConfig(false, null, null, DEFAULT_POOLS, Path.of("/usr/lib/podman/netavark"),
                Path.of("/usr/lib/podman/aardvark-dns"), execRoot.resolve("net"));
    }

    public NetworkConfig withBridge(String name, String bipValue) {
        return new NetworkConfig(enabled, name, bipValue, pools, netavark, aardvark, stateDir);
    }

    public NetworkConfig withPools(List<AddressPool> p) {
        return new NetworkConfig(enabled, bridgeName, bip, p == null || p.isEmpty() ? DEFAULT_POOLS : List.copyOf(p),
                netavark, aardvark, stateDir);
    }

    public String bridgeOrDefault() {
        return bridgeName == null || bridgeName.isEmpty() ? DEFAULT_BRIDGE : bridgeName;
    }

    Path netnsDir() {
        return stateDir.resolve("ns");
    }

    Path netavarkDir() {
        return stateDir.resolve("netavark");
    }
}
