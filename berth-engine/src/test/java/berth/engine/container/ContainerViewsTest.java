package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    private static final String ID = "a1".repeat(32);
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void runningStatusSaysUpForHowLong() {
        assertThat(ContainerViews.status(Rows.running("2026-11-23T09:59:57Z"), NOW)).isEqualTo("Up 3 seconds");
    }

    @Test
    void exitedStatusGivesTheCodeAndHowLongAgo() {
        assertThat(ContainerViews.status(Rows.exited(0, "2026-11-23T09:58:00Z"), NOW)).isEqualTo("Exited (0) 2 minutes ago");
    }

    @Test
    void createdStatusIsCreated() {
        assertThat(ContainerViews.status(Rows.created(), NOW)).isEqualTo("Created");
    }

    @Test
    void humanDurationFollowsGoUnits() {
        assertThat(HumanDuration.of(Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(HumanDuration.of(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(HumanDuration.of(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(HumanDuration.of(Duration.ofSeconds(61))).isEqualTo("About a minute");
        assertThat(HumanDuration.of(Duration.ofMinutes(45))).isEqualTo("45 minutes");
        assertThat(HumanDuration.of(Duration.ofMinutes(61))).isEqualTo("About an hour");
        assertThat(HumanDuration.of(Duration.ofHours(5))).isEqualTo("5 hours");
        assertThat(HumanDuration.of(Duration.ofDays(3))).isEqualTo("3 days");
    }

    @Test
    void commandQuotesArgumentsWithSpacesAsDockerPsDoes() {
        var row = Rows.row(ID, "web", Map.of(), Rows.created(), "sh", List.of("-c", "echo hi"));
        assertThat(ContainerViews.command(row.record())).isEqualTo("sh -c 'echo hi'");
    }

    @Test
    void summaryNamesHaveALeadingSlash() {
        var summary = ContainerViews.summary(Rows.row(ID, "web", Map.of(), Rows.created(), "true", List.of()));
        assertThat(summary.names()).containsExactly("/web");
        assertThat(summary.state()).isEqualTo("created");
    }

    @Test
    void unsetTimesInInspectAreGosZeroTime() {
        var row = Rows.row(ID, "web", Map.of(), Rows.created(), "true", List.of());
        var inspect = ContainerViews.inspect(row, new ContainerLayout(java.nio.file.Path.of("/d", ID),
                java.nio.file.Path.of("/run/x"), ID), List.of());
        assertThat(inspect.state().startedAt()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(inspect.state().finishedAt()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(inspect.name()).isEqualTo("/web");
    }
}
