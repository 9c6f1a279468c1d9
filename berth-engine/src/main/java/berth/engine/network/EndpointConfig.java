package berth.engine.network;

import java.util.List;

/**
 * What a container asked for on one network (create's EndpointsConfig, {@code network connect}): DNS aliases, a
 * fixed address and MAC, and {@code --link}s (name:alias) on the default bridge. Empty strings mean "choose one".
 */
public record EndpointConfig(List<String> aliases, String ipv4Address, String macAddress, List<String> links) {
    public EndpointConfig {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ipv4Address = ipv4Address == null ? "" : ipv4Address;
        macAddress = macAddress == null ? "" : macAddress;
        links = links == null ? List.of() : List.copyOf(links);
    }

    public static EndpointConfig empty() {
        return new EndpointConfig(List.of(), "", "", List.of());
    }
}
