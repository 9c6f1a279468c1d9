package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** "NetworkSettings" of container inspect with every key of moby's Go type at API 1.50, in its order. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NetworkSettings(
        String bridge,
        @JsonProperty("SandboxID") String sandboxId,
        String sandboxKey,
        Map<String, Object> ports,
        boolean hairpinMode,
        @JsonProperty("LinkLocalIPv6Address") String linkLocalIpv6Address,
        @JsonProperty("LinkLocalIPv6PrefixLen") int linkLocalIpv6PrefixLen,
        @JsonProperty("SecondaryIPAddresses") List<Object> secondaryIpAddresses,
        @JsonProperty("SecondaryIPv6Addresses") List<Object> secondaryIpv6Addresses,
        @JsonProperty("EndpointID") String endpointId,
        String gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        String macAddress,
        Map<String, EndpointSettings> networks) {}
