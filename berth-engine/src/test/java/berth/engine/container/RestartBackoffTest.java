package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private static final Duration SHORT_RUN = Duration.ofMillis(50);

    @Test
    void theFirstDelayIs100Milliseconds() {
        assertThat(new RestartBackoff().next(SHORT_RUN)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void eachShortRunDoublesTheDelay() {
        RestartBackoff b = new RestartBackoff();
        b.next(SHORT_RUN);
        assertThat(b.next(SHORT_RUN)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.next(SHORT_RUN)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.next(SHORT_RUN)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void theDelayStopsGrowingAtOneMinute() {
        RestartBackoff b = new RestartBackoff();
        Duration d = Duration.ZERO;
        for (int i = 0; i < 20; i++) d = b.next(SHORT_RUN);
        assertThat(d).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRunOfTenSecondsOrMoreStartsOverAt100Milliseconds() {
        RestartBackoff b = new RestartBackoff();
        for (int i = 0; i < 5; i++) b.next(SHORT_RUN);
        assertThat(b.next(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(100));
        assertThat(b.next(Duration.ofSeconds(9))).isEqualTo(Duration.ofMillis(200));
    }
}
