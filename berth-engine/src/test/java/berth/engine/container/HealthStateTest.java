package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.HealthcheckResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthStateTest {
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthcheckResult at(int secondsAfterStart, int code) {
        Instant t = STARTED.plusSeconds(secondsAfterStart);
        return new HealthcheckResult(t.toString(), t.toString(), code, "out");
    }

    @Test
    void aNewCheckIsStartingAndTheFirstSuccessMakesItHealthy() {
        HealthState s = new HealthState();
        assertThat(s.status()).isEqualTo("starting");
        assertThat(s.suffix()).isEqualTo("(health: starting)");
        assertThat(s.record(at(1, 0), STARTED, Duration.ZERO, 3)).isEqualTo("healthy");
        assertThat(s.suffix()).isEqualTo("(healthy)");
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthy() {
        HealthState s = new HealthState();
        assertThat(s.record(at(1, 1), STARTED, Duration.ZERO, 2)).isNull();
        assertThat(s.record(at(2, 1), STARTED, Duration.ZERO, 2)).isEqualTo("unhealthy");
        assertThat(s.view().failingStreak()).isEqualTo(2);
        assertThat(s.record(at(3, 0), STARTED, Duration.ZERO, 2)).isEqualTo("healthy");
        assertThat(s.view().failingStreak()).isZero();
    }

    @Test
    void failuresInsideTheStartPeriodDoNotCountWhileStarting() {
        HealthState s = new HealthState();
        for (int i = 1; i <= 5; i++) s.record(at(i, 1), STARTED, Duration.ofSeconds(10), 1);
        assertThat(s.status()).isEqualTo("starting");
        assertThat(s.view().failingStreak()).isZero();
        assertThat(s.record(at(11, 1), STARTED, Duration.ofSeconds(10), 1)).isEqualTo("unhealthy");
    }

    @Test
    void theLogKeepsTheLastFiveResults() {
        HealthState s = new HealthState();
        for (int i = 1; i <= 7; i++) s.record(at(i, i % 2), STARTED, Duration.ZERO, 3);
        assertThat(s.view().log()).hasSize(5);
        assertThat(s.view().log().getFirst().start()).isEqualTo(STARTED.plusSeconds(3).toString());
    }

    @Test
    void aNewRunStartsOverButKeepsTheLog() {
        HealthState s = new HealthState();
        s.record(at(1, 1), STARTED, Duration.ZERO, 1);
        s.restart();
        assertThat(s.status()).isEqualTo("starting");
        assertThat(s.view().failingStreak()).isZero();
        assertThat(s.view().log()).hasSize(1);
    }
}
