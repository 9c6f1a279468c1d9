package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /networks/create}; absent fields are null. */
public record NetworkCreateRequest(
        String name,
        Boolean checkDuplicate,
        String driver,
        String scope,
        Boolean internal,
        Boolean attachable,
        Boolean ingress,
        Boolean configOnly,
        Map<String, Object> configFrom,
        @JsonProperty("IPAM") Ipam ipam,
        @JsonProperty("EnableIPv4") Boolean enableIpv4,
        @JsonProperty("EnableIPv6") Boolean enableIpv6,
        Map<String, String> options,
        Map<String, String> labels) {

    public record Ipam(String driver, List<Config> config, Map<String, String> options) {}

    public record Config(String subnet, @JsonProperty("IPRange") String ipRange, String gateway,
                         Map<String, String> auxiliaryAddresses) {}
}
