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

    private static Object published() throws Exception {
        // GET /containers/json of `run -p 18091:80 -p 8080:8080 -p 8000-8002:8000-8002 -p 127.0.0.1:9000:9000/udp
        // --expose 7000-7002 -v averyveryverylongvolumename:/a -v /tmp:/t`, in an order the daemon may use
        StringBuilder ports = new StringBuilder();
        for (String ip : new String[] {"0.0.0.0", "::"}) {
            ports.append("{\"IP\":\"%s\",\"PrivatePort\":80,\"PublicPort\":18091,\"Type\":\"tcp\"},".formatted(ip));
            for (int p : new int[] {8002, 8000, 8001, 8080}) {
                ports.append("{\"IP\":\"%s\",\"PrivatePort\":%d,\"PublicPort\":%d,\"Type\":\"tcp\"},".formatted(ip, p, p));
            }
        }
        for (int p = 7000; p <= 7002; p++) ports.append("{\"PrivatePort\":%d,\"Type\":\"tcp\"},".formatted(p));
        ports.append("{\"IP\":\"127.0.0.1\",\"PrivatePort\":9000,\"PublicPort\":9000,\"Type\":\"udp\"}");
        return JsonReader.parse("""
                {"Id":"e993f2b298ea","Names":["/web"],"Image":"busybox","Command":"sleep 300","Created":0,
                 "State":"running","Status":"Up","Ports":[%s],
                 "Mounts":[{"Type":"volume","Name":"averyveryverylongvolumename","Source":"/var/lib/berth/volumes/x","Driver":"local"},
                           {"Type":"bind","Source":"/tmp","Destination":"/t"}]}
                """.formatted(ports));
    }

    @Test
    void portsFoldIntoRangesAsTheDockerCliPrintsThem() throws Exception {
        // the docker CLI 28.2's own PORTS for the same container
        assertThat(PsCommand.row(published(), false).get("Ports")).isEqualTo("0.0.0.0:8000-8002->8000-8002/tcp, "
                + "[::]:8000-8002->8000-8002/tcp, 7000-7002/tcp, 0.0.0.0:8080->8080/tcp, [::]:8080->8080/tcp, "
                + "127.0.0.1:9000->9000/udp, 0.0.0.0:18091->80/tcp, [::]:18091->80/tcp");
    }

    @Test
    void mountsNameVolumesAndBindSourcesTruncatedUnlessAskedNot() throws Exception {
        assertThat(PsCommand.row(published(), false).get("Mounts")).isEqualTo("averyveryveryl…,/tmp");
        assertThat(PsCommand.row(published(), true).get("Mounts")).isEqualTo("averyveryverylongvolumename,/tmp");
    }
}
