package berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void objectsKeepTheirKeysInDocumentOrder() {
        Map<String, Object> v = JsonPath.object(JsonReader.parse("{\"Z\":1,\"A\":{\"y\":true,\"b\":null},\"M\":[\"x\",false]}"));
        assertThat(v.keySet()).containsExactly("Z", "A", "M");
        assertThat(JsonPath.object(v.get("A")).keySet()).containsExactly("y", "b");
    }

    @Test
    void valuesBecomePlainJavaTypes() {
        assertThat(JsonReader.parse("[\"s\", 12, -3, 1.5, 2e3, true, null, {}, []]"))
                .isEqualTo(java.util.Arrays.asList("s", 12L, -3L, 1.5, 2000.0, true, null, Map.of(), List.of()));
    }

    @Test
    void integersBeyondALongStayExact() {
        assertThat(JsonReader.parse("12345678901234567890")).isEqualTo(new BigInteger("12345678901234567890"));
        assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void escapesAreDecoded() {
        assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u2028\"")).isEqualTo("a\"b\\c/d\n\té\u2028");
    }

    @Test
    void malformedTextIsRefused() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\":1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.parse("[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonReader.parse("404 page not found")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textAfterTheValueIsRefused() {
        assertThatThrownBy(() -> JsonReader.parse("{} {}")).isInstanceOf(IllegalArgumentException.class);
    }
}
