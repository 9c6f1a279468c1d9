package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.registry.RegistryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry timeouts of daemon.json: whole seconds, each defaulting on its own. */
class RegistryTimeoutsConfigTest {
    private static DaemonConfig fromFile(String json) throws ConfigException {
        return DaemonConfig.merge(Flags.parse().values(), DaemonJson.parse(json), Path.of("/etc/berth/daemon.json"));
    }

    @Test
    void timeoutsComeFromDaemonJson() throws ConfigException {
        DaemonConfig c = fromFile("{\"registry-connect-timeout\": 5, \"registry-response-timeout\": 20,"
                + " \"registry-stall-timeout\": 7}");
        assertThat(c.registryTimeouts()).isEqualTo(new RegistryConfig.Timeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(7)));
    }

    @Test
    void anUnsetTimeoutKeepsItsDefault() throws ConfigException {
        DaemonConfig c = fromFile("{\"registry-stall-timeout\": 7}");
        assertThat(c.registryTimeouts().connect()).isEqualTo(RegistryConfig.Timeouts.DEFAULT.connect());
        assertThat(c.registryTimeouts().stall()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aTimeoutThatIsNotAPositiveWholeNumberIsRefused() {
        for (String bad : new String[] {"0", "-1", "\"30s\"", "1.5"}) {
            assertThatThrownBy(() -> fromFile("{\"registry-stall-timeout\": " + bad + "}"))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("invalid value for \"registry-stall-timeout\": " + bad);
        }
    }

    @Test
    void noFileMeansTheDefaults() throws ConfigException {
        assertThat(DaemonConfig.merge(Flags.parse().values(), Map.of(), Path.of("/x")).registryTimeouts())
                .isEqualTo(RegistryConfig.Timeouts.DEFAULT);
    }
}
