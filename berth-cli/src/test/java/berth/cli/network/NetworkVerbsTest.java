package berth.cli.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NetworkVerbsTest {
    private static Map<String, Object> createBody(String... args) {
        NetworkCreateCommand c = new NetworkCreateCommand();
        new CommandLine(c).parseArgs(args);
        return c.body();
    }

    @Test
    void createGroupsRangeGatewayAndAuxAddressUnderTheirSubnet() {
        Map<String, Object> b = createBody("--subnet", "10.1.0.0/24", "--subnet", "10.2.0.0/24", "--gateway", "10.2.0.1",
                "--ip-range", "10.1.0.128/25", "--aux-address", "r=10.2.0.5", "n");
        assertThat(b).extractingByKey("IPAM").isEqualTo(Map.of("Driver", "default", "Options", Map.of(), "Config", List.of(
                Map.of("Subnet", "10.1.0.0/24", "IPRange", "10.1.0.128/25"),
                Map.of("Subnet", "10.2.0.0/24", "Gateway", "10.2.0.1", "AuxiliaryAddresses", Map.of("r", "10.2.0.5")))));
    }

    @Test
    void createSendsDriverOptionsLabelsAndSwitches() {
        assertThat(createBody("-o", "com.docker.network.bridge.name=br9", "--label", "team=a", "--internal", "--attachable", "n"))
                .containsEntry("Name", "n").containsEntry("Driver", "bridge").containsEntry("Internal", true)
                .containsEntry("Attachable", true).containsEntry("Options", Map.of("com.docker.network.bridge.name", "br9"))
                .containsEntry("Labels", Map.of("team", "a")).doesNotContainKey("EnableIPv6");
    }

    @Test
    void aGatewayWithoutASubnetIsRefused() {
        assertThatThrownBy(() -> createBody("--gateway", "10.0.0.1", "n"))
                .hasMessage("every ip-range or gateway must have a corresponding subnet");
    }

    @Test
    void aGatewayOutsideEverySubnetIsRefused() {
        assertThatThrownBy(() -> createBody("--subnet", "10.1.0.0/24", "--gateway", "10.9.0.1", "n"))
                .hasMessage("no matching subnet for gateway 10.9.0.1");
    }

    @Test
    void lsOrdersNamesNaturally() {
        List<String> names = new java.util.ArrayList<>(List.of("net10", "net9", "bridge", "Net1"));
        names.sort(NetworkLsCommand.NaturalOrder::compare);
        assertThat(names).containsExactly("Net1", "bridge", "net9", "net10");
    }

    @Test
    void lsRowTruncatesTheIdAndShowsFlagsAsText() throws Exception {
        var n = Json.mapper().readTree("""
                {"Id":"0123456789abcdef0123","Name":"n","Driver":"bridge","Scope":"local","EnableIPv6":false,
                 "Internal":true,"Labels":{"a":"b"}}""");
        var row = NetworkLsCommand.row(n, false);
        assertThat(row.path("ID").asText()).isEqualTo("0123456789ab");
        assertThat(row.path("Internal").asText()).isEqualTo("true");
        assertThat(row.path("Labels").asText()).isEqualTo("a=b");
    }

    @Test
    @SuppressWarnings("unchecked")
    void connectSendsAliasesAndAddressAsTheEndpoint() {
        NetworkConnectCommand c = new NetworkConnectCommand();
        new CommandLine(c).parseArgs("--alias", "db", "--ip", "10.1.0.7", "net", "ctr");
        Map<String, Object> body = c.body();
        assertThat(body).containsEntry("Container", "ctr");
        assertThat((Map<String, Object>) body.get("EndpointConfig"))
                .containsEntry("IPAMConfig", Map.of("IPv4Address", "10.1.0.7", "IPv6Address", ""))
                .containsEntry("Aliases", List.of("db")).containsEntry("Links", null);
    }
}
