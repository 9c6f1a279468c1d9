package berth.engine.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupMountsTest {
    /** This machine's layout: v1 controllers, cpu and cpuacct apart, and a v2 tree holding none of them. */
    private static final String HYBRID = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void hybridLayoutIsV1WithEachControllersOwnMount() {
        CgroupMounts m = CgroupMounts.parse(HYBRID);
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.containerDir("cpuacct", "abc")).contains(Path.of("/sys/fs/cgroup/cpuacct/berth/abc"));
        assertThat(m.containerDir("cpu", "abc")).contains(Path.of("/sys/fs/cgroup/cpu/berth/abc"));
        assertThat(m.containerDir("blkio", "abc")).isEmpty();
    }

    @Test
    void combinedV1MountsServeEveryControllerTheyList() {
        CgroupMounts m = CgroupMounts.parse(
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n");
        assertThat(m.containerDir("cpuacct", "x")).contains(Path.of("/sys/fs/cgroup/cpu,cpuacct/berth/x"));
    }

    @Test
    void unifiedLayoutIsV2() {
        CgroupMounts m = CgroupMounts.parse("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
        assertThat(m.version()).isEqualTo(2);
        assertThat(m.containerDirV2("x")).contains(Path.of("/sys/fs/cgroup/berth/x"));
    }
}
