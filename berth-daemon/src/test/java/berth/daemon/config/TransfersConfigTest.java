package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** max-concurrent-downloads and max-concurrent-uploads: from daemon.json or a flag, at least one each. */
class TransfersConfigTest {
    private static final Path FILE = Path.of("/etc/berth/daemon.json");

    @Test
    void transferLimitsComeFromDaemonJson() throws ConfigException {
        DaemonConfig c = DaemonConfig.merge(Flags.parse().values(),
                DaemonJson.parse("{\"max-concurrent-downloads\": 6, \"max-concurrent-uploads\": 2}"), FILE);
        assertThat(c.registry().transfers()).isEqualTo(new RegistryConfig.Transfers(6, 2));
    }

    @Test
    void transferLimitsComeFromFlags() throws ConfigException {
        DaemonConfig c = DaemonConfig.merge(Flags.parse("--max-concurrent-downloads", "1").values(), Map.of(), FILE);
        assertThat(c.registry().transfers()).isEqualTo(new RegistryConfig.Transfers(1, 5));
    }

    @Test
    void withoutSettingsDockersDefaultsApply() throws ConfigException {
        assertThat(DaemonConfig.merge(Flags.parse().values(), Map.of(), FILE).registry().transfers())
                .isEqualTo(new RegistryConfig.Transfers(3, 5));
    }

    @Test
    void aLimitBelowOneOrNotANumberIsRefused() {
        for (String bad : new String[] {"0", "-2", "\"3\"", "2.5"}) {
            assertThatThrownBy(() -> DaemonJson.parse("{\"max-concurrent-uploads\": " + bad + "}"))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("invalid value for \"max-concurrent-uploads\": " + bad);
        }
        assertThatThrownBy(() -> DaemonConfig.merge(Flags.parse("--max-concurrent-downloads", "none").values(), Map.of(), FILE))
                .isInstanceOf(ConfigException.class).hasMessage("invalid max-concurrent-downloads: none");
        assertThatThrownBy(() -> DaemonConfig.merge(Flags.parse("--max-concurrent-downloads", "0").values(), Map.of(), FILE))
                .isInstanceOf(ConfigException.class).hasMessage("invalid max-concurrent-downloads: 0 (at least 1)");
    }
}
