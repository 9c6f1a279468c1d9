package berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildSecretsTest {
    @Test
    void headerCarriesEachSecretByIdByteForByte() {
        byte[] value = {0, 1, (byte) 0xff, '\n'};
        BuildSecrets sent = BuildSecrets.of(Map.of("tok", value, "npmrc", "x".getBytes(StandardCharsets.UTF_8)));
        BuildSecrets received = BuildSecrets.fromHeader(sent.toHeader());
        assertThat(received.get("tok")).hasValue(value);
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void textNamesTheIdsButNeverAValue() {
        BuildSecrets s = BuildSecrets.of(Map.of("tok", "hunter2".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.toString()).contains("tok").doesNotContain("hunter2");
    }

    @Test
    void malformedHeaderIsABadRequest() {
        assertThatThrownBy(() -> BuildSecrets.fromHeader("not base64 json!"))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining(BuildSecrets.HEADER);
    }

    @Test
    void noHeaderMeansNoSecrets() {
        assertThat(BuildSecrets.fromHeader(null).isEmpty()).isTrue();
        assertThat(BuildSecrets.fromHeader(null).get("tok")).isEmpty();
    }
}
