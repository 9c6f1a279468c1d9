package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A network as {@code GET /networks} and {@code GET /networks/{id}} return it, with Docker's keys at API 1.50. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NetworkResource(
        String name,
        String id,
        String created,
        String scope,
        String driver,
        @JsonProperty("EnableIPv4") boolean enableIpv4,
        @JsonProperty("EnableIPv6") boolean enableIpv6,
        @JsonProperty("IPAM") Ipam ipam,
        boolean internal,
        boolean attachable,
        boolean ingress,
        Map<String, String> configFrom,
        boolean configOnly,
        Map<String, Endpoint> containers,
        Map<String, String> options,
        Map<String, String> labels) {

    /** IPAM: Docker's "default" driver with the network's subnets. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Ipam(String driver, Map<String, String> options, List<IpamConfig> config) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record IpamConfig(String subnet, @JsonProperty("IPRange") String ipRange, String gateway) {}

    /** A container on the network, with the address and MAC of its current run. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Endpoint(String name, @JsonProperty("EndpointID") String endpointId, String macAddress,
                           @JsonProperty("IPv4Address") String ipv4Address,
                           @JsonProperty("IPv6Address") String ipv6Address) {}
}
