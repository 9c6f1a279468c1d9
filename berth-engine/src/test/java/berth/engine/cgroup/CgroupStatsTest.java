package berth.engine.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {
    @TempDir
    Path dir;

    private Path write(String controller, String file, String text) throws IOException {
        Path d = dir.resolve(controller);
        Files.createDirectories(d);
        Files.writeString(d.resolve(file), text);
        return d;
    }

    @Test
    void v1CountersComeFromEachControllersDirectory() throws IOException {
        Path cpuacct = write("cpuacct", "cpuacct.usage", "432885821\n");
        write("cpuacct", "cpuacct.usage_percpu", "400000000 32885821 \n");
        write("cpuacct", "cpuacct.stat", "user 40\nsystem 2\n");
        Path cpu = write("cpu", "cpu.stat", "nr_periods 23\nnr_throttled 21\nthrottled_time 1678210352\n");
        Path memory = write("memory", "memory.usage_in_bytes", "729088\n");
        write("memory", "memory.max_usage_in_bytes", "2777088\n");
        write("memory", "memory.failcnt", "0\n");
        write("memory", "memory.limit_in_bytes", "33554432\n");
        write("memory", "memory.stat", "cache 114688\nrss 61440\ntotal_inactive_file 4096\n");
        Path blkio = write("blkio", "blkio.throttle.io_service_bytes_recursive", "254:0 Read 4096\n254:0 Write 0\nTotal 4096\n");
        write("blkio", "blkio.throttle.io_serviced_recursive", "254:0 Read 1\n254:0 Write 0\nTotal 1\n");
        write("blkio", "blkio.bfq.io_service_bytes_recursive", "Total 0\n");
        Path pids = write("pids", "pids.current", "9\n");
        write("pids", "pids.max", "max\n");

        CgroupSample s = CgroupStats.v1(cpuacct, cpu, memory, blkio, pids);

        assertThat(s.cpuTotal()).isEqualTo(432885821L);
        assertThat(s.cpuPerCpu()).containsExactly(400000000L, 32885821L);
        assertThat(s.cpuUser()).isEqualTo(400_000_000L);
        assertThat(s.cpuKernel()).isEqualTo(20_000_000L);
        assertThat(s.throttledPeriods()).isEqualTo(21);
        assertThat(s.memoryUsage()).isEqualTo(729088L);
        assertThat(s.memoryLimit()).isEqualTo(33554432L);
        assertThat(s.memoryStats()).containsEntry("total_inactive_file", 4096L);
        assertThat(s.ioBytes()).containsExactly(new CgroupSample.Blkio(254, 0, "Read", 4096),
                new CgroupSample.Blkio(254, 0, "Write", 0));
        assertThat(s.ioOps()).hasSize(2);
        assertThat(s.pidsCurrent()).isEqualTo(9L);
        assertThat(s.pidsLimit()).as("max is no limit").isNull();
    }

    @Test
    void v2CountersComeFromTheUnifiedDirectory() throws IOException {
        write("c", "cpu.stat", "usage_usec 5000\nuser_usec 3000\nsystem_usec 2000\nnr_periods 4\nnr_throttled 1\nthrottled_usec 10\n");
        write("c", "memory.current", "1048576\n");
        write("c", "memory.max", "max\n");
        write("c", "memory.stat", "anon 4096\ninactive_file 8192\n");
        write("c", "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
        write("c", "pids.current", "3\n");
        write("c", "pids.max", "20\n");

        CgroupSample s = CgroupStats.v2(dir.resolve("c"));

        assertThat(s.cpuTotal()).isEqualTo(5_000_000L);
        assertThat(s.cpuUser()).isEqualTo(3_000_000L);
        assertThat(s.throttledTime()).isEqualTo(10_000L);
        assertThat(s.memoryLimit()).isNull();
        assertThat(s.memoryStats()).containsEntry("inactive_file", 8192L);
        assertThat(s.ioBytes()).containsExactly(new CgroupSample.Blkio(8, 0, "read", 4096),
                new CgroupSample.Blkio(8, 0, "write", 8192));
        assertThat(s.ioOps()).containsExactly(new CgroupSample.Blkio(8, 0, "read", 1), new CgroupSample.Blkio(8, 0, "write", 2));
        assertThat(s.pidsLimit()).isEqualTo(20L);
    }

    @Test
    void aContainerWithoutACgroupHasNoSample() throws IOException {
        CgroupMounts m = new CgroupMounts(1, java.util.Map.of("cpuacct", dir, "memory", dir), null);
        assertThat(new CgroupStats(m).read("nothere")).isEmpty();
    }
}
