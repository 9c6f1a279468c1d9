package berth.cli.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionCommandTest {
    @Test
    void serverBuildTimeIsShownInGoAnsicFormat() {
        assertThat(VersionCommand.ansic("2026-05-07T21:09:36.000000000+00:00")).isEqualTo("Thu May  7 21:09:36 2026");
    }

    @Test
    void unparsableBuildTimeIsShownAsGiven() {
        assertThat(VersionCommand.ansic("")).isEmpty();
    }

    @Test
    void theQuickParserKnowsTheFlagsPicocliKnows() {
        java.util.Set<String> picocli = new java.util.TreeSet<>();
        for (var o : new picocli.CommandLine(new VersionCommand()).getCommandSpec().options()) {
            if (!o.usageHelp()) picocli.addAll(java.util.List.of(o.names()));
        }
        assertThat(VersionCommand.flags(new VersionCommand()).names()).isEqualTo(picocli);
    }

    @Test
    void aFormatIsParsedAsPicocliParsesIt() {
        assertThat(VersionCommand.quick(new String[] {"version", "--format={{.Server.Version}}"}, 1).format)
                .isEqualTo("{{.Server.Version}}");
        assertThat(VersionCommand.quick(new String[] {"version", "-f", "json"}, 1).format).isEqualTo("json");
    }
}
