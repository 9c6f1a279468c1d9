package berth.engine.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/stat, /proc/meminfo and /proc/<pid>/net/dev as stats reads them. */
class HostFilesTest {
    @Test
    void systemCpuUsageIsEveryStateOfTheCpuLineInNanoseconds() {
        String stat = "cpu  100 0 50 800 10 0 0 0 0 0\ncpu0 50 0 25 400 5 0 0 0 0 0\n";
        assertThat(HostCpu.parse(stat)).isEqualTo(960L * 10_000_000L);
    }

    @Test
    void memTotalIsInBytes() {
        assertThat(HostMemory.parse("MemTotal:       24682496 kB\nMemFree: 1 kB\n")).isEqualTo(24682496L * 1024);
    }

    @Test
    void netDevLeavesLoopbackOut() {
        String dev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
                  eth0:    1500      10    1    2    0     0          0         0      700       5    0    3    0     0       0          0
                """;
        var counters = NetDev.parse(dev);
        assertThat(counters).containsOnlyKeys("eth0");
        assertThat(counters.get("eth0")).isEqualTo(new NetDev.Counters(1500, 10, 1, 2, 700, 5, 0, 3));
    }
}
