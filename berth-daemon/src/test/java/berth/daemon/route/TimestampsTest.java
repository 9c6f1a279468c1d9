package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void unixSecondsBecomeNanoseconds() {
        assertThat(Timestamps.parseNanos("1795408880", "since")).isEqualTo(1_795_408_880_000_000_000L);
    }

    @Test
    void fractionalSecondsKeepTheirNanoseconds() {
        assertThat(Timestamps.parseNanos("1795408880.000000042", "since")).isEqualTo(1_795_408_880_000_000_042L);
        assertThat(Timestamps.parseNanos("1795408880.5", "since")).isEqualTo(1_795_408_880_500_000_000L);
    }

    @Test
    void rfc3339IsAccepted() {
        assertThat(Timestamps.parseNanos("2026-11-23T06:00:00.25Z", "until"))
                .isEqualTo(Instant.parse("2026-11-23T06:00:00.25Z").getEpochSecond() * 1_000_000_000L + 250_000_000L);
    }

    @Test
    void absentIsUnbounded() {
        assertThat(Timestamps.parseNanos(null, "since")).isZero();
        assertThat(Timestamps.parseNanos("", "since")).isZero();
    }

    @Test
    void garbageIsInvalidArgument() {
        assertThatThrownBy(() -> Timestamps.parseNanos("yesterday", "since")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("since");
    }

    @Test
    void logTimestampsAlwaysHaveNineFractionDigits() {
        assertThat(Timestamps.rfc3339NanoFixed(Instant.parse("2026-01-02T03:04:05.1Z")))
                .isEqualTo("2026-01-02T03:04:05.100000000Z");
    }
}
