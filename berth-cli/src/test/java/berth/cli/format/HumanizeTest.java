package berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanizeTest {
    @Test
    void subSecondIsLessThanASecond() {
        assertThat(Humanize.duration(Duration.ofMillis(900))).isEqualTo("Less than a second");
    }

    @Test
    void secondsAreCountedWithSingular() {
        assertThat(Humanize.duration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Humanize.duration(Duration.ofSeconds(59))).isEqualTo("59 seconds");
    }

    @Test
    void minutesAndHoursFollowGoUnits() {
        assertThat(Humanize.duration(Duration.ofSeconds(90))).isEqualTo("About a minute");
        assertThat(Humanize.duration(Duration.ofMinutes(59))).isEqualTo("59 minutes");
        assertThat(Humanize.duration(Duration.ofMinutes(60))).isEqualTo("About an hour");
        assertThat(Humanize.duration(Duration.ofMinutes(150))).isEqualTo("3 hours");
    }

    @Test
    void longDurationsBecomeDaysWeeksMonthsYears() {
        assertThat(Humanize.duration(Duration.ofHours(48))).isEqualTo("2 days");
        assertThat(Humanize.duration(Duration.ofDays(15))).isEqualTo("2 weeks");
        assertThat(Humanize.duration(Duration.ofDays(90))).isEqualTo("3 months");
        assertThat(Humanize.duration(Duration.ofDays(800))).isEqualTo("2 years");
    }

    @Test
    void ellipsisCutsToTwentyRunesWithHorizontalEllipsis() {
        assertThat(Humanize.ellipsis("sh -c 'echo hi; echo err'", 20)).isEqualTo("sh -c 'echo hi; ech…");
        assertThat(Humanize.ellipsis("sleep 300", 20)).isEqualTo("sleep 300");
    }

    @Test
    void sizesUseDecimalUnitsLikeDocker() {
        assertThat(Humanize.size(1_980_000)).isEqualTo("1.98MB");
    }

    @Test
    void bytesSizeUsesBinaryUnitsWithFourDigits() {
        assertThat(Humanize.bytesSize(25_272_000_000L)).isEqualTo("23.54GiB");
        assertThat(Humanize.bytesSize(1024)).isEqualTo("1KiB");
        assertThat(Humanize.bytesSize(512)).isEqualTo("512B");
    }
}
