package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where berthd writes its own pid to start a cgroup attach's grace period early: the cgroup it is in already. */
class CgroupAttachWarmupTest {
    private static final List<String> HYBRID_MOUNTS = List.of(
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    @Test
    void aV1HierarchyWinsOnAHybridHost() {
        assertThat(CgroupAttachWarmup.ownProcs(List.of("4:memory:/api/x", "1:cpu:/", "0::/"), HYBRID_MOUNTS))
                .isEqualTo(Path.of("/sys/fs/cgroup/cpu/cgroup.procs"));
    }

    @Test
    void theCgroupIsTheOneTheDaemonIsIn() {
        assertThat(CgroupAttachWarmup.ownProcs(List.of("4:memory:/api/x"), HYBRID_MOUNTS))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/api/x/cgroup.procs"));
    }

    @Test
    void aCgroupV2OnlyHostUsesTheUnifiedHierarchy() {
        assertThat(CgroupAttachWarmup.ownProcs(List.of("0::/system.slice/berth.service"),
                List.of("30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate")))
                .isEqualTo(Path.of("/sys/fs/cgroup/system.slice/berth.service/cgroup.procs"));
    }

    @Test
    void aHierarchyMountedBelowItsRootIsNotUsed() {
        assertThat(CgroupAttachWarmup.ownProcs(List.of("1:cpu:/"),
                List.of("32 31 0:29 /docker/abc /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu"))).isNull();
    }
}
