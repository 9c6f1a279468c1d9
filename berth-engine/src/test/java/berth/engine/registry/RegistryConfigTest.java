package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryConfigTest {
    private final RegistryConfig config = new RegistryConfig(Set.of("registry.lan:5000", "plain.lan"));

    @ParameterizedTest
    @CsvSource({
            "localhost, true", "localhost:5000, true", "127.0.0.1:5000, true", "127.8.9.10, true", "[::1]:5000, true",
            "registry.lan:5000, true", "plain.lan:443, true",
            "registry.lan:5001, false", "docker.io, false", "10.0.0.1:5000, false", "example.com, false",
    })
    void plainHttpOnlyForListedAndLoopbackRegistries(String domain, boolean insecure) {
        assertThat(config.isInsecure(domain)).isEqualTo(insecure);
    }

    @ParameterizedTest
    @CsvSource({"10.20.3.4:5000, true", "10.20.255.1, true", "10.21.0.1:5000, false", "[fd00::5]:5000, true",
            "[fe80::1]:5000, false", "registry.lan:5000, false"})
    void cidrEntriesCoverLiteralAddressesOnly(String domain, boolean insecure) {
        RegistryConfig cidrs = new RegistryConfig(Set.of("10.20.0.0/16", "fd00::/8"));
        assertThat(cidrs.isInsecure(domain)).isEqualTo(insecure);
    }

    @ParameterizedTest
    @CsvSource({"https://mirror.lan, https://mirror.lan/", "http://127.0.0.1:5000/, http://127.0.0.1:5000/"})
    void mirrorsAreSchemeAndHostOnly(String given, String parsed) {
        assertThat(RegistryConfig.parseMirror(given).toString()).isEqualTo(parsed);
    }

    @ParameterizedTest
    @CsvSource({"mirror.lan", "ftp://mirror.lan", "https://mirror.lan/v2/path", "https://user:pw@mirror.lan"})
    void mirrorsWithoutSchemeOrWithPathAreRefused(String given) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RegistryConfig.parseMirror(given))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid mirror");
    }
}
