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
}
