package berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** JsonPath answers as Jackson's path(..).asText() and friends answer, so output does not change with the reader. */
class JsonPathTest {
    private static final String DOC = "{\"s\":\"x\",\"n\":null,\"i\":42,\"d\":1.0,\"b\":true,\"t\":\"17\","
            + "\"o\":{\"k\":\"v\"},\"a\":[1,2]}";

    @Test
    void textOfEachKindIsJacksonsAsText() throws Exception {
        Object mine = JsonReader.parse(DOC);
        JsonNode theirs = Json.mapper().readTree(DOC);
        for (String key : new String[] {"s", "n", "i", "d", "b", "t", "o", "a", "missing"}) {
            assertThat(JsonPath.text(JsonPath.get(mine, key))).as(key).isEqualTo(theirs.path(key).asText());
            assertThat(JsonPath.text(JsonPath.get(mine, key), "dflt")).as(key).isEqualTo(theirs.path(key).asText("dflt"));
        }
    }

    @Test
    void longValueOfEachKindIsJacksonsAsLong() throws Exception {
        Object mine = JsonReader.parse(DOC);
        JsonNode theirs = Json.mapper().readTree(DOC);
        for (String key : new String[] {"s", "n", "i", "d", "b", "t", "o", "missing"}) {
            assertThat(JsonPath.longValue(JsonPath.get(mine, key), 5)).as(key).isEqualTo(theirs.path(key).asLong(5));
        }
    }

    @Test
    void aStepThroughSomethingMissingIsMissing() {
        Object doc = JsonReader.parse(DOC);
        assertThat(JsonPath.get(doc, "nope", "deeper")).isSameAs(JsonPath.MISSING);
        assertThat(JsonPath.get(doc, "s", "deeper")).isSameAs(JsonPath.MISSING);
        assertThat(JsonPath.get(doc, "o", "k")).isEqualTo("v");
    }

    @Test
    void itemsOfAnObjectAreItsValues() {
        assertThat(JsonPath.items(JsonReader.parse("{\"a\":1,\"b\":2}"))).containsExactly(1L, 2L);
        assertThat(JsonPath.items(JsonPath.MISSING)).isEmpty();
    }

    @Test
    void hasNonNullTellsNullFromPresent() {
        Object doc = JsonReader.parse(DOC);
        assertThat(JsonPath.hasNonNull(doc, "s")).isTrue();
        assertThat(JsonPath.hasNonNull(doc, "n")).isFalse();
        assertThat(JsonPath.hasNonNull(doc, "missing")).isFalse();
    }
}
