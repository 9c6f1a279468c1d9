package berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import org.junit.jupiter.api.Test;

class GoJsonTest {
    @Test
    void indentedUsesFourSpacesAndNoSpaceBeforeColon() throws Exception {
        String text = GoJson.indented(Json.mapper().readTree("[{\"A\":1,\"B\":[\"x\"]}]"));
        assertThat(text).isEqualTo("""
                [
                    {
                        "A": 1,
                        "B": [
                            "x"
                        ]
                    }
                ]""");
    }

    @Test
    void emptyContainersHaveNothingInside() throws Exception {
        assertThat(GoJson.indented(Json.mapper().readTree("{\"A\":[],\"B\":{}}"))).isEqualTo("""
                {
                    "A": [],
                    "B": {}
                }""");
        assertThat(GoJson.indented(Json.mapper().readTree("[]"))).isEqualTo("[]");
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoes() throws Exception {
        assertThat(GoJson.compact(Json.mapper().readTree("{\"Cmd\":\"a<b>&c\"}")))
                .isEqualTo("{\"Cmd\":\"a\\u003cb\\u003e\\u0026c\"}");
    }
}
