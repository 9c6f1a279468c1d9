package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HostConfig.PortBindings as the docker CLI sends each -p form, and -P over ExposedPorts. */
class PortRequestTest {
    private static Map<String, Object> binding(String key, String hostIp, String hostPort) {
        return Map.of(key, List.of(Map.of("HostIp", hostIp, "HostPort", hostPort)));
    }

    @Test
    void hostPortToContainerPortOnAllAddresses() {
        assertThat(PortRequest.of(binding("80/tcp", "", "8080"), null, false))
                .containsExactly(new PortRequest("tcp", "", 8080, 8080, 80));
    }

    @Test
    void addressWithoutHostPortMeansAnyFreePortOnThatAddress() {
        assertThat(PortRequest.of(binding("80/tcp", "127.0.0.1", ""), null, false))
                .containsExactly(new PortRequest("tcp", "127.0.0.1", 0, 0, 80));
    }

    @Test
    void anIpv6HostAddressIsKept() {
        assertThat(PortRequest.of(binding("80/tcp", "::1", "8080"), null, false))
                .containsExactly(new PortRequest("tcp", "::1", 8080, 8080, 80));
    }

    @Test
    void hostPortRangeIsKeptAsARange() {
        assertThat(PortRequest.of(binding("80/tcp", "", "8000-8010"), null, false))
                .containsExactly(new PortRequest("tcp", "", 8000, 8010, 80));
    }

    @Test
    void udpAndAKeyWithoutProtocol() {
        Map<String, Object> b = new LinkedHashMap<>(binding("53/udp", "", "5353"));
        b.putAll(binding("81", "", "8181"));
        assertThat(PortRequest.of(b, null, false)).containsExactly(new PortRequest("udp", "", 5353, 5353, 53),
                new PortRequest("tcp", "", 8181, 8181, 81));
    }

    @Test
    void publishAllAddsExposedPortsWithoutABindingOnRandomPorts() {
        Map<String, Object> exposed = new LinkedHashMap<>();
        exposed.put("80/tcp", Map.of());
        exposed.put("9000/udp", Map.of());
        assertThat(PortRequest.of(binding("80/tcp", "", "8080"), exposed, true)).containsExactly(
                new PortRequest("tcp", "", 8080, 8080, 80), new PortRequest("udp", "", 0, 0, 9000));
    }

    @Test
    void exposedPortsAreNotPublishedWithoutPublishAll() {
        assertThat(PortRequest.of(null, Map.of("80/tcp", Map.of()), false)).isEmpty();
    }

    @Test
    void malformedValuesAreRefusedWithDockersMessages() {
        assertThatThrownBy(() -> PortRequest.of(binding("80/tcp", "", "70000"), null, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid port specification");
        assertThatThrownBy(() -> PortRequest.of(binding("80/xyz", "", "1"), null, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid proto: xyz");
        assertThatThrownBy(() -> PortRequest.of(binding("80/tcp", "1.2.3", "1"), null, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid IP address: 1.2.3");
        assertThatThrownBy(() -> PortRequest.of(binding("80/tcp", "::zz", "1"), null, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid IP address: ::zz");
        assertThatThrownBy(() -> PortRequest.of(binding("80/tcp", "", "90-80"), null, false))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid port range");
    }
}
