package berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessStatTest {
    @Test
    void fieldsAfterTheCommandAreCountedFromItsLastParenthesis() {
        String line = "4242 (my (odd) cmd) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";
        ProcessStat stat = ProcessStat.parse(4242, line);
        assertThat(stat.comm()).isEqualTo("my (odd) cmd");
        assertThat(stat.state()).isEqualTo('S');
        assertThat(stat.ppid()).isEqualTo(17);
        assertThat(stat.startTime()).isEqualTo(987654L);
        assertThat(stat.isLive()).isTrue();
    }

    @Test
    void zombieIsNotLive() {
        String line = "7 (sh) Z 1 7 7 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0";
        assertThat(ProcessStat.parse(7, line).isLive()).isFalse();
    }

    @Test
    void truncatedLineIsRefused() {
        assertThatThrownBy(() -> ProcessStat.parse(7, "7 (sh) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ownProcessIsFoundAndAMissingPidIsNot() {
        ProcessStat self = ProcessStat.of((int) ProcessHandle.current().pid()).orElseThrow();
        assertThat(self.startTime()).isPositive();
        assertThat(ProcessStat.of(0)).isEmpty();
        assertThat(ProcessStat.of(Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void pidfdSignalSkipsAProcessWithAnotherStartTime() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            long start = ProcessStat.of((int) p.pid()).orElseThrow().startTime();
            assertThat(Pidfd.signal((int) p.pid(), start + 1, 9)).isFalse();
            assertThat(p.isAlive()).isTrue();
            assertThat(Pidfd.signal((int) p.pid(), start, 9)).isTrue();
            assertThat(p.waitFor()).isEqualTo(137);
        } finally {
            p.destroyForcibly();
        }
    }
}
