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
}
