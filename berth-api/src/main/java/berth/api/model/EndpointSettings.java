package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** One network of a container ("NetworkSettings.Networks.<name>" in inspect), every key always present. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EndpointSettings(
        @JsonProperty("IPAMConfig") Map<String, Object> ipamConfig,
        List<String> links,
        List<String> aliases,
        String macAddress,
        Map<String, String> driverOpts,
        int gwPriority,
        @JsonProperty("NetworkID") String networkId,
        @JsonProperty("EndpointID") String endpointId,
        String gateway,
        @JsonProperty("IPAddress") String ipAddress,
        @JsonProperty("IPPrefixLen") int ipPrefixLen,
        @JsonProperty("IPv6Gateway") String ipv6Gateway,
        @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
        @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
        @JsonProperty("DNSNames") List<String> dnsNames) {

    /** An endpoint with nothing configured and nothing assigned: a container on no network. */
    public static EndpointSettings unconnected() {
        return new EndpointSettings(null, null, null, "", null, 0, "", "", "", "", 0, "", "", 0, null);
    }
}
