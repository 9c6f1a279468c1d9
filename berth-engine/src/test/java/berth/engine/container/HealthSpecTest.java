package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.model.ContainerConfig;
import berth.api.model.HealthConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthSpecTest {
    private static final long MS = 1_000_000;

    private static ContainerConfig config(HealthConfig h) {
        return ContainerConfig.empty().withHealthcheck(h);
    }

    @Test
    void aShellCheckRunsUnderBinShWithDockersDefaults() {
        HealthSpec spec = HealthSpec.of(config(new HealthConfig(List.of("CMD-SHELL", "test -f /ok"), null, null, null,
                null, null))).orElseThrow();
        assertThat(spec.command()).containsExactly("/bin/sh", "-c", "test -f /ok");
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.startPeriod()).isEqualTo(Duration.ZERO);
        assertThat(spec.startInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.retries()).isEqualTo(3);
    }

    @Test
    void anExecCheckRunsItsArgumentsAsGiven() {
        HealthSpec spec = HealthSpec.of(config(new HealthConfig(List.of("CMD", "cat", "/a b"), 2000 * MS, 500 * MS,
                0L, 0L, 1))).orElseThrow();
        assertThat(spec.command()).containsExactly("cat", "/a b");
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec.retries()).isEqualTo(1);
    }

    @Test
    void noneOrNoTestMeansNoCheck() {
        assertThat(HealthSpec.of(config(new HealthConfig(List.of("NONE"), null, null, null, null, null)))).isEmpty();
        assertThat(HealthSpec.of(config(null))).isEmpty();
        assertThat(HealthSpec.of(config(new HealthConfig(List.of(), 1000 * MS, null, null, null, null)))).isEmpty();
    }

    @Test
    void anIntervalBelowOneMillisecondIsRefused() {
        assertThatThrownBy(() -> HealthSpec.validate(new HealthConfig(List.of("CMD", "true"), 500_000L, null, null,
                null, null))).hasMessage("Interval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthSpec.validate(new HealthConfig(null, null, 1L, null, null, null)))
                .hasMessage("Timeout in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthSpec.validate(new HealthConfig(null, null, null, 10L, null, null)))
                .hasMessage("StartPeriod in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> HealthSpec.validate(new HealthConfig(null, null, null, null, 10L, null)))
                .hasMessage("StartInterval in Healthcheck cannot be less than 1ms");
        assertThatCode(() -> HealthSpec.validate(new HealthConfig(List.of("CMD", "true"), MS, 0L, null, null, 0)))
                .doesNotThrowAnyException();
    }

    @Test
    void negativeRetriesAreRefused() {
        assertThatThrownBy(() -> HealthSpec.validate(new HealthConfig(null, null, null, null, null, -1)))
                .hasMessage("Retries in Healthcheck cannot be negative");
    }

    @Test
    void theRequestInheritsWhatItLeavesUnsetFromTheImage() {
        HealthConfig image = new HealthConfig(List.of("CMD", "check"), 10 * MS, 20 * MS, 30 * MS, 40 * MS, 5);
        HealthConfig user = new HealthConfig(null, 99 * MS, 0L, null, null, 0);
        assertThat(HealthSpec.merge(user, image))
                .isEqualTo(new HealthConfig(List.of("CMD", "check"), 99 * MS, 20 * MS, 30 * MS, 40 * MS, 5));
        assertThat(HealthSpec.merge(null, image)).isEqualTo(image);
        assertThat(HealthSpec.merge(user, null)).isEqualTo(user);
    }

    @Test
    void durationsReadAsGoPrintsThem() {
        assertThat(HealthSpec.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HealthSpec.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(HealthSpec.goDuration(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(HealthSpec.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(HealthSpec.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    }
}
