package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Exec form is recognised with the strictness of Go's JSON decoder. */
class JsonArgsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            ["a", "b"]                 | STRINGS
            []                         | STRINGS
            [ ]                        | STRINGS
            ["a",]                     | NOT_JSON
            ['a']                      | NOT_JSON
            ["a"] ["b"]                | NOT_JSON
            ["a" "b"]                  | NOT_JSON
            ["tab\\there"]             | STRINGS
            ["bad \\x escape"]         | NOT_JSON
            [1, "a"]                   | NOT_STRINGS
            ["a", null]                | NOT_STRINGS
            ["a", ["b"]]               | NOT_STRINGS
            ["a", {"k": [1, true]}]    | NOT_STRINGS
            ["a", 01]                  | NOT_JSON
            ["a", 1.5e3]               | NOT_STRINGS
            ["a", tru]                 | NOT_JSON
            not json                   | NOT_JSON
            """)
    void classifiesLikeGo(String text, JsonArgs.Outcome outcome) {
        assertThat(JsonArgs.parse(text).outcome()).isEqualTo(outcome);
    }

    @Test
    void decodesEscapes() {
        assertThat(JsonArgs.parse("[\"a\\\"b\", \"\\\\\", \"\\/\", \"\\u0041\\ud83d\\ude00\"]").strings())
                .isEqualTo(List.of("a\"b", "\\", "/", "A\uD83D\uDE00"));
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacter() {
        assertThat(JsonArgs.parse("[\"\\ud800x\", \"\\udc00\", \"\\ud800\\u0041\"]").strings())
                .isEqualTo(List.of("\uFFFDx", "\uFFFD", "\uFFFDA"));
    }

    @Test
    void aRawControlCharacterInAStringIsNotJson() {
        assertThat(JsonArgs.parse("[\"a\u0001\"]").outcome()).isEqualTo(JsonArgs.Outcome.NOT_JSON);
    }
}
