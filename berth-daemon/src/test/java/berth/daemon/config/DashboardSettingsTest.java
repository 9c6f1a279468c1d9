package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {
    private static DaemonConfig merge(String json, String... flags) throws Exception {
        return DaemonConfig.merge(Flags.parse(flags).values(), DaemonJson.parse(json), Path.of("/etc/berth/daemon.json"));
    }

    @Test
    void theDashboardIsOnAtPort7380UnlessConfigured() throws Exception {
        assertThat(merge("{}").dashboard()).isEqualTo(new DashboardSettings(true, 7380));
    }

    @Test
    void daemonJsonTurnsItOffOrMovesIt() throws Exception {
        assertThat(merge("{\"dashboard\":{\"enabled\":false}}").dashboard().enabled()).isFalse();
        assertThat(merge("{\"dashboard\":{\"port\":9000}}").dashboard()).isEqualTo(new DashboardSettings(true, 9000));
    }

    @Test
    void flagsTurnItOffOrMoveIt() throws Exception {
        assertThat(merge("{}", "--dashboard=false").dashboard().enabled()).isFalse();
        assertThat(merge("{}", "--dashboard-port", "9001").dashboard().port()).isEqualTo(9001);
        assertThat(merge("{\"dashboard\":{\"enabled\":true}}", "--dashboard-port", "9002").dashboard())
                .isEqualTo(new DashboardSettings(true, 9002));
    }

    @Test
    void aFieldGivenAsFlagAndInTheFileIsAConflict() {
        assertThatThrownBy(() -> merge("{\"dashboard\":{\"port\":9000}}", "--dashboard-port", "9001"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dashboard.port");
    }

    @Test
    void badValuesStopTheStart() {
        assertThatThrownBy(() -> DaemonJson.parse("{\"dashboard\":{\"port\":\"x\"}}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for \"dashboard\"");
        assertThatThrownBy(() -> DaemonJson.parse("{\"dashboard\":{\"host\":\"0.0.0.0\"}}"))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> DaemonJson.parse("{\"dashboard\":true}")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> merge("{}", "--dashboard-port", "70000")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid dashboard port");
    }
}
