package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.client.JsonReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read-only views of a container: diff's lines, top's table, a stats sample's row. */
class InspectionVerbsTest {
    @Test
    void diffPrintsKindLetterAndPath() {
        assertThat(DiffCommand.line(JsonReader.parse("{\"Path\":\"/tmp\",\"Kind\":0}"))).isEqualTo("C /tmp");
        assertThat(DiffCommand.line(JsonReader.parse("{\"Path\":\"/tmp/new\",\"Kind\":1}"))).isEqualTo("A /tmp/new");
        assertThat(DiffCommand.line(JsonReader.parse("{\"Path\":\"/etc/motd\",\"Kind\":2}"))).isEqualTo("D /etc/motd");
    }

    @Test
    void topUsesDockersTwentyWideColumns() {
        Object top = JsonReader.parse("{\"Titles\":[\"PID\",\"COMMAND\"],\"Processes\":[[\"1\",\"sleep 1000\"],[\"27\",\"sh\"]]}");
        assertThat(TopCommand.render(top)).isEqualTo("""
                PID                 COMMAND
                1                   sleep 1000
                27                  sh
                """);
    }

    @Test
    void statsRowComputesDockersColumns() {
        Object sample = JsonReader.parse("""
                {"id":"e54a026fb30bf29cfdb29d72cd6447d25c66c98756759292e0d56084f8e762ed","name":"/web",
                 "cpu_stats":{"cpu_usage":{"total_usage":300000000},"system_cpu_usage":2000000000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":100000000},"system_cpu_usage":1000000000},
                 "memory_stats":{"usage":3145728,"limit":104857600,"stats":{"inactive_file":1048576}},
                 "networks":{"eth0":{"rx_bytes":1500,"tx_bytes":500},"eth1":{"rx_bytes":500,"tx_bytes":0}},
                 "blkio_stats":{"io_service_bytes_recursive":[{"op":"read","value":4096},{"op":"write","value":2000000}]},
                 "pids_stats":{"current":3}}""");
        Map<String, Object> row = StatsCommand.row(null, sample, false);
        assertThat(row).containsEntry("Container", "e54a026fb30b").containsEntry("ID", "e54a026fb30b")
                .containsEntry("Name", "web").containsEntry("CPUPerc", "40.00%").containsEntry("MemUsage", "2MiB / 100MiB")
                .containsEntry("MemPerc", "2.00%").containsEntry("NetIO", "2kB / 500B").containsEntry("BlockIO", "4.1kB / 2MB")
                .containsEntry("PIDs", "3");
        assertThat(StatsCommand.row("web", sample, true)).containsEntry("Container", "web")
                .containsEntry("ID", "e54a026fb30bf29cfdb29d72cd6447d25c66c98756759292e0d56084f8e762ed");
    }

    @Test
    void statsOfAStoppedContainerAreZeros() {
        Map<String, Object> row = StatsCommand.row("s1", JsonReader.parse("{\"id\":\"abc\",\"name\":\"/s1\"}"), false);
        assertThat(row).containsEntry("CPUPerc", "0.00%").containsEntry("MemUsage", "0B / 0B").containsEntry("PIDs", "0");
    }
}
