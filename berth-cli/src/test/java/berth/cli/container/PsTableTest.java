package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import berth.cli.format.Formatter;
import berth.client.JsonReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsTableTest {
    private static Object container(String command, String status) throws Exception {
        long created = System.currentTimeMillis() / 1000 - 5;
        return JsonReader.parse("""
                {"Id":"e993f2b298ea7c1e4f0f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f","Names":["/web"],"Image":"busybox",
                 "Command":%s,"Created":%d,"State":"exited","Status":"%s","Labels":{"a":"b"},"SizeRw":0,"SizeRootFs":1984172}
                """.formatted(Json.mapper().writeValueAsString(command), created, status));
    }

    @Test
    void defaultTableMatchesDockerGolden() throws Exception {
        String out = Formatter.renderRows(PsCommand.DEFAULT,
                List.of(PsCommand.row(container("sh -c 'echo hi; echo err'", "Exited (3) 1 second ago"), false)), PsCommand.HEADERS);
        assertThat(out).isEqualTo("""
                CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS                    PORTS     NAMES
                e993f2b298ea   busybox   "sh -c 'echo hi; ech…"   5 seconds ago   Exited (3) 1 second ago             web
                """);
    }

    @Test
    void noTruncKeepsFullIdAndCommand() throws Exception {
        Map<String, Object> row = PsCommand.row(container("sh -c 'echo hi; echo err'", "Created"), true);
        assertThat((String) row.get("ID")).hasSize(64);
        assertThat(row.get("Command")).isEqualTo("\"sh -c 'echo hi; echo err'\"");
    }

    @Test
    void sizeShowsWritableAndVirtual() throws Exception {
        assertThat(PsCommand.row(container("true", "Created"), false).get("Size").toString()).isEqualTo("0B (virtual 1.98MB)");
    }

    @Test
    void labelTemplateReadsJoinedLabels() throws Exception {
        String out = Formatter.renderRows("{{.Label \"a\"}}", List.of(PsCommand.row(container("true", "Created"), false)), PsCommand.HEADERS);
        assertThat(out).isEqualTo("b\n");
    }
}
