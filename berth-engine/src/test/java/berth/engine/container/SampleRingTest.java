package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.StatsSample;
import org.junit.jupiter.api.Test;

class SampleRingTest {
    private static StatsSample at(long time) {
        return new StatsSample(time, 0.5, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void anEmptyRingHasNoSamples() {
        SampleRing ring = new SampleRing(3);
        assertThat(ring.list()).isEmpty();
        assertThat(ring.latest()).isNull();
    }

    @Test
    void samplesComeBackOldestFirst() {
        SampleRing ring = new SampleRing(3);
        ring.add(at(1));
        ring.add(at(2));
        assertThat(ring.list()).extracting(StatsSample::time).containsExactly(1L, 2L);
        assertThat(ring.latest().time()).isEqualTo(2);
    }

    @Test
    void aFullRingDropsTheOldest() {
        SampleRing ring = new SampleRing(3);
        for (long t = 1; t <= 7; t++) ring.add(at(t));
        assertThat(ring.list()).extracting(StatsSample::time).containsExactly(5L, 6L, 7L);
        assertThat(ring.latest().time()).isEqualTo(7);
    }

    @Test
    void theHistoryKeepsOneHourOfFiveSecondSamples() {
        assertThat(ContainerStatsHistory.KEPT * ContainerStatsHistory.INTERVAL.toSeconds()).isEqualTo(3600);
    }
}
