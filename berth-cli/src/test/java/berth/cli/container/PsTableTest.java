package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import berth.cli.format.Formatter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsTableTest {
    private static JsonNode container(String command, String status) throws Exception {
        long created = System.currentTimeMillis() / 1000 - 5;
        return Json.mapper().readTree("""
                {"Id":"e993f2b298ea7c1e4f0f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f","Names":["/web"],"Image":"busybox",
                 "Command":%s,"Created":%d,"State":"exited","Status":"%s","Labels":{"a":"b"},"SizeRw":0,"SizeRootFs":1984172}
                """.formatted(Json.mapper().writeValueAsString(command), created, status));
    }

    @Test
    void defaultTableMatchesDockerGolden() throws Exception {
        String out = Formatter.render(PsCommand.DEFAULT,
                List.of(PsCommand.row(container("sh -c 'echo hi; echo err'", "Exited (3) 1 second ago"), false)), PsCommand.HEADERS);
        assertThat(out).isEqualTo("""
                CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS                    PORTS     NAMES
                e993f2b298ea   busybox   "sh -c 'echo hi; ech…"   5 seconds ago   Exited (3) 1 second ago             web
                """);
    }

    @Test
    void noTruncKeepsFullIdAndCommand() throws Exception {
        JsonNode row = PsCommand.row(container("sh -c 'echo hi; echo err'", "Created"), true);
        assertThat(row.path("ID").asText()).hasSize(64);
        assertThat(row.path("Command").asText()).isEqualTo("\"sh -c 'echo hi; echo err'\"");
    }

    @Test
    void sizeShowsWritableAndVirtual() throws Exception {
        assertThat(PsCommand.row(container("true", "Created"), false).path("Size").asText()).isEqualTo("0B (virtual 1.98MB)");
    }

    @Test
    void labelTemplateReadsJoinedLabels() throws Exception {
        String out = Formatter.render("{{.Label \"a\"}}", List.of(PsCommand.row(container("true", "Created"), false)), PsCommand.HEADERS);
        assertThat(out).isEqualTo("b\n");
    }
}
