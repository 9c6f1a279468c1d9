package berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatterTest {
    private static ObjectNode row(String id, String image, String names) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("ID", id);
        n.put("Image", image);
        n.put("Names", names);
        return n;
    }

    @Test
    void tableAlignsColumnsLikeDockersTabwriter() {
        String out = Formatter.render("table {{.ID}}\t{{.Image}}\t{{.Names}}",
                List.of(row("8c3498469358", "busybox", "web")), Map.of("ID", "CONTAINER ID", "Image", "IMAGE", "Names", "NAMES"));
        assertThat(out).isEqualTo("""
                CONTAINER ID   IMAGE     NAMES
                8c3498469358   busybox   web
                """);
    }

    @Test
    void plainTemplatePrintsOneLinePerItemWithoutHeader() {
        String out = Formatter.render("{{.ID}} {{.Names}}", List.of(row("a", "b", "c"), row("d", "e", "f")), Map.of());
        assertThat(out).isEqualTo("a c\nd f\n");
    }

    @Test
    void unknownFieldsGetUpperCaseHeaders() {
        assertThat(Formatter.header("{{.RunningFor}}\t{{.ID}}", Map.of("ID", "CONTAINER ID")))
                .isEqualTo("RUNNING FOR\tCONTAINER ID");
    }

    @Test
    void humanizedDurationsAndSizesMatchGoUnits() {
        assertThat(Humanize.duration(java.time.Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(Humanize.duration(java.time.Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(Humanize.duration(java.time.Duration.ofSeconds(70))).isEqualTo("About a minute");
        assertThat(Humanize.duration(java.time.Duration.ofHours(3))).isEqualTo("3 hours");
        assertThat(Humanize.size(1_982_464)).isEqualTo("1.98MB");
        assertThat(Humanize.ellipsis("sh -c 'while true; do sleep 1; done'", 20)).isEqualTo("sh -c 'while true; …");
    }

    @Test
    void labelColumnIsHeadedByTheLabelKeyLastPart() {
        assertThat(Formatter.header("{{.ID}}\t{{.Label \"com.example.my-key\"}}", Map.of("ID", "CONTAINER ID")))
                .isEqualTo("CONTAINER ID\tmy key");
    }

    private static Map<String, Object> plainRow(String id, String names, String status) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ID", id);
        m.put("Names", names);
        m.put("Status", status);
        m.put("Labels", "a=b,c=d");
        m.put("RunningFor", "5 seconds ago");
        m.put("Platform", null);
        return m;
    }

    private static final List<Map<String, Object>> PLAIN = List.of(plainRow("8c3498469358", "web", "Up 2 seconds"),
            plainRow("e993f2b298ea", "a-much-longer-name", "Exited (0) 1 second ago"));
    private static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID", "Names", "NAMES");

    private static String viaTemplate(String format) {
        return Formatter.render(format, PLAIN.stream().map(JacksonTree::of).toList(), HEADERS);
    }

    @Test
    void plainTemplatesFilledInDirectlyMatchTheTemplateEngine() {
        for (String f : List.of("table {{.ID}}\t{{.Names}}\t{{.Status}}", "{{.ID}}", "{{.Names}}: {{.Status}} }}",
                "table {{.ID}}\\t{{.RunningFor}}", "table", "x{{.Names}}\\n")) {
            assertThat(Formatter.renderRows(f, PLAIN, HEADERS)).as(f).isEqualTo(viaTemplate(f));
        }
    }

    @Test
    void plainFieldsAreRecognisedOnlyInTheirPlainSpelling() {
        assertThat(Formatter.plainFields("a{{.ID}}b")).containsExactly("a", "ID", "b");
        for (String f : List.of("{{ .ID }}", "{{- .ID}}", "{{.}}", "{{json .}}", "{{.A.B}}", "{{.Label \"a\"}}", "x }} {{.ID}}")) {
            assertThat(Formatter.plainFields(f)).as(f).isNull();
        }
    }

    @Test
    void otherTemplatesGoThroughTheTemplateEngine() {
        for (String f : List.of("json", "{{json .}}", "{{upper .Names}}", "table {{.ID}}\t{{.Label \"c\"}}", "{{.Platform}}",
                "{{.Missing}}")) {
            assertThat(Formatter.renderRows(f, PLAIN, HEADERS)).as(f).isEqualTo(viaTemplate(f));
        }
    }

    @Test
    void aCharSequenceValueIsTextFormattedWhenShown() {
        CharSequence late = new StringBuilder("made late");
        Map<String, Object> row = Map.of("ID", "1", "When", late);
        assertThat(Formatter.renderRows("{{.ID}} {{.When}}", List.of(row), HEADERS)).isEqualTo("1 made late\n");
        assertThat(Formatter.renderRows("{{json .When}}", List.of(row), HEADERS)).isEqualTo("\"made late\"\n");
    }
}
