package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.registry.RegistryConfig;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** registry-mirrors, certs-dir and insecure-registries (names and CIDRs), from daemon.json or flags. */
class RegistryAccessConfigTest {
    private static DaemonConfig fromFile(String json) throws ConfigException {
        return DaemonConfig.merge(Flags.parse().values(), DaemonJson.parse(json), Path.of("/etc/berth/daemon.json"));
    }

    @Test
    void mirrorsCertsDirAndCidrsComeFromDaemonJson() throws ConfigException {
        DaemonConfig c = fromFile("{\"registry-mirrors\": [\"https://mirror.lan:5000\"], \"certs-dir\": \"/tmp/certs\","
                + " \"insecure-registries\": [\"10.1.0.0/16\", \"http://plain.lan:5000/\"]}");

        assertThat(c.registryMirrors()).containsExactly(URI.create("https://mirror.lan:5000/"));
        assertThat(c.certsDir()).isEqualTo(Path.of("/tmp/certs"));
        assertThat(c.insecureRegistries()).containsExactly("10.1.0.0/16", "plain.lan:5000");
    }

    @Test
    void flagsSetTheSame() throws ConfigException {
        DaemonConfig c = DaemonConfig.merge(Flags.parse("--registry-mirror", "http://127.0.0.1:5000", "--certs-dir", "/c")
                .values(), java.util.Map.of(), Path.of("/x"));

        assertThat(c.registryMirrors()).containsExactly(URI.create("http://127.0.0.1:5000/"));
        assertThat(c.certsDir()).isEqualTo(Path.of("/c"));
    }

    @Test
    void withoutSettingsTheCertsDirIsDockersPlaceForBerth() throws ConfigException {
        assertThat(fromFile("{}").certsDir()).isEqualTo(RegistryConfig.DEFAULT_CERTS_DIR);
        assertThat(fromFile("{}").registryMirrors()).isEmpty();
    }

    @Test
    void aMirrorWithAPathOrABadCidrStopsTheDaemon() {
        assertThatThrownBy(() -> fromFile("{\"registry-mirrors\": [\"https://mirror.lan/v2/\"]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid mirror");
        assertThatThrownBy(() -> fromFile("{\"insecure-registries\": [\"10.1.0.0/99\"]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("10.1.0.0/99");
    }
}
