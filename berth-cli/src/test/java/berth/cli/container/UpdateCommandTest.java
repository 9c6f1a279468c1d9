package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.cli.CliError;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UpdateCommandTest {
    private static Map<String, Object> body(String... args) {
        UpdateCommand update = new UpdateCommand();
        new CommandLine(update).parseArgs(args);
        return update.body();
    }

    @Test
    void resourceFlagsBecomeTheUpdateBody() {
        assertThat(body("-m", "512m", "--memory-swap", "-1", "--memory-reservation", "1.5g", "-c", "512", "--cpus", "1.5",
                "--cpuset-cpus", "0", "--pids-limit", "50", "--blkio-weight", "300", "--cpu-period", "100000",
                "--cpu-quota", "50000", "web"))
                .containsEntry("Memory", 512L << 20).containsEntry("MemorySwap", -1L)
                .containsEntry("MemoryReservation", 3L << 29).containsEntry("CpuShares", 512L)
                .containsEntry("NanoCpus", 1_500_000_000L).containsEntry("CpusetCpus", "0").containsEntry("PidsLimit", 50L)
                .containsEntry("BlkioWeight", 300).containsEntry("CpuPeriod", 100000L).containsEntry("CpuQuota", 50000L);
    }

    @Test
    void onlyTheFlagsGivenAreSent() {
        assertThat(body("--pids-limit", "10", "web")).containsOnlyKeys("PidsLimit");
    }

    @Test
    void restartPolicyWithRetries() {
        assertThat(body("--restart", "on-failure:3", "web"))
                .containsEntry("RestartPolicy", Map.of("Name", "on-failure", "MaximumRetryCount", 3));
        assertThat(body("--restart", "always", "web")).containsEntry("RestartPolicy", Map.of("Name", "always"));
    }

    @Test
    void noFlagIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> body("web")).isInstanceOf(CliError.class)
                .hasMessage("you must provide one or more flags when using this command");
    }

    @Test
    void badSizesAndCpusAreRefused() {
        assertThatThrownBy(() -> body("-m", "lots", "web")).isInstanceOf(CliError.class).hasMessageContaining("invalid size: 'lots'");
        assertThatThrownBy(() -> body("--cpus", "x", "web")).isInstanceOf(CliError.class)
                .hasMessageContaining("failed to parse x as a rational number");
    }
}
