package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import berth.api.model.ContainerStats;
import berth.engine.cgroup.CgroupSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsViewTest {
    private static CgroupSample sample(long cpu, Long limit) {
        return new CgroupSample(cpu, List.of(cpu), 0, cpu, 0, 0, 0, 4096L, 8192L, 0L, limit,
                Map.of("total_inactive_file", 1024L), List.of(), List.of(), 1L, null);
    }

    @Test
    void cpuPercentIsTheContainersShareOfTheHostTimesItsCpus() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        StatsView.Previous before = new StatsView.Previous(t0, StatsView.cpu(sample(1_000_000_000L, null), 10_000_000_000L, 2));
        CgroupSample now = sample(1_500_000_000L, null);
        // half a second of CPU over one second of two CPUs (2e9 ns of host time): 50% of one core
        ContainerStats s = StatsView.of("web", "id", t0.plusSeconds(1), now, StatsView.cpu(now, 12_000_000_000L, 2),
                before, Map.of(), 1L << 34);
        assertThat(StatsView.cpuPercent(s)).isCloseTo(50.0, within(0.001));
        assertThat(s.preread()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void anUnlimitedCgroupReportsTheMachinesMemory() {
        CgroupSample s = sample(1, 9223372036854771712L);
        ContainerStats stats = StatsView.of("web", "id", Instant.now(), s, StatsView.cpu(s, 1, 2), null, Map.of(), 24L << 30);
        assertThat(stats.memoryStats().limit()).isEqualTo(24L << 30);
        assertThat(stats.preread()).isEqualTo(StatsView.ZERO_TIME);
        assertThat(stats.networks()).as("loopback only: no networks key").isNull();
    }

    @Test
    void aLimitedCgroupReportsItsLimit() {
        CgroupSample s = sample(1, 67108864L);
        assertThat(StatsView.of("web", "id", Instant.now(), s, StatsView.cpu(s, 1, 2), null, Map.of(), 24L << 30)
                .memoryStats().limit()).isEqualTo(67108864L);
    }

    @Test
    void aStoppedContainerHasNamesAndZeroTimesOnly() {
        ContainerStats s = StatsView.stopped("web", "abc");
        assertThat(s.name()).isEqualTo("/web");
        assertThat(s.read()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(StatsView.cpuPercent(s)).isZero();
    }
}
