package berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static JsonNode data() throws Exception {
        return Json.mapper().readTree("""
                {"ID":"abc","Names":"web","State":{"Status":"running","Running":true,"ExitCode":0},
                 "Config":{"Labels":{"k":"v"},"Cmd":["sh","-c","x"]},"Labels":"a=1,b=2","Empty":""}""");
    }

    @Test
    void fieldsAndNestedFieldsAreRendered() throws Exception {
        assertThat(Template.parse("{{.ID}} {{.State.Status}}").render(data())).isEqualTo("abc running");
    }

    @Test
    void jsonOfASubtree() throws Exception {
        assertThat(Template.parse("{{json .Config.Labels}}").render(data())).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void rangeIteratesArrays() throws Exception {
        assertThat(Template.parse("{{range .Config.Cmd}}[{{.}}]{{end}}").render(data())).isEqualTo("[sh][-c][x]");
    }

    @Test
    void ifElseOnBooleans() throws Exception {
        assertThat(Template.parse("{{if .State.Running}}up{{else}}down{{end}}").render(data())).isEqualTo("up");
        assertThat(Template.parse("{{if .Empty}}y{{else}}n{{end}}").render(data())).isEqualTo("n");
    }

    @Test
    void indexJoinUpperAndLower() throws Exception {
        assertThat(Template.parse("{{index .Config.Labels \"k\"}}").render(data())).isEqualTo("v");
        assertThat(Template.parse("{{join .Config.Cmd \",\"}}").render(data())).isEqualTo("sh,-c,x");
        assertThat(Template.parse("{{upper .Names}}").render(data())).isEqualTo("WEB");
    }

    @Test
    void labelMethodReadsTheFormattersLabelList() throws Exception {
        assertThat(Template.parse("{{.Label \"b\"}}").render(data())).isEqualTo("2");
    }

    @Test
    void goSliceAndMapPrinting() throws Exception {
        assertThat(Template.parse("{{.Config.Cmd}}").render(data())).isEqualTo("[sh -c x]");
        assertThat(Template.parse("{{.Config.Labels}}").render(data())).isEqualTo("map[k:v]");
    }

    @Test
    void missingFieldPrintsNoValue() throws Exception {
        assertThat(Template.parse("{{.Nope}}").render(data())).isEqualTo("<no value>");
    }

    @Test
    void unclosedRangeIsAnError() {
        assertThatThrownBy(() -> Template.parse("{{range .X}}")).hasMessageContaining("unexpected EOF");
    }

    @Test
    void indexOfAMissingKeyIsEmpty() throws Exception {
        assertThat(Template.parse("[{{index .Config.Labels \"nope\"}}]").render(data())).isEqualTo("[]");
    }

    @Test
    void jsonFunctionDoesNotEscapeHtml() throws Exception {
        JsonNode cmd = Json.mapper().readTree("{\"Cmd\":[\"echo a >&2\"]}");
        assertThat(Template.parse("{{json .Cmd}}").render(cmd)).isEqualTo("[\"echo a >&2\"]");
    }

    @Test
    void dashMarkersTrimSurroundingWhiteSpace() throws Exception {
        assertThat(Template.parse("a  {{- .ID -}}  \n b").render(data())).isEqualTo("aabcb");
        assertThat(Template.parse("{{range .Config.Cmd -}} \n {{.}}{{- end}}").render(data())).isEqualTo("sh-cx");
    }

    @Test
    void unknownFunctionsFailAtParseTimeWithGosMessage() {
        assertThatThrownBy(() -> Template.parse("{{foo .ID}}")).isInstanceOf(Template.ParseError.class)
                .hasMessage("template: :1: function \"foo\" not defined");
        assertThatThrownBy(() -> Template.parse("version", "a\n{{.ID")).hasMessage("template: version:2: unclosed action");
    }

    @Test
    void eqNeAndNotCompareValues() throws Exception {
        assertThat(Template.parse("{{if eq .State.Status \"running\"}}up{{end}}").render(data())).isEqualTo("up");
        assertThat(Template.parse("{{if ne .State.ExitCode 0}}bad{{else}}ok{{end}}").render(data())).isEqualTo("ok");
        assertThat(Template.parse("{{not .State.Running}}").render(data())).isEqualTo("false");
    }
}
