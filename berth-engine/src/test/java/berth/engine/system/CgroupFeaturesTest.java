package berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFeaturesTest {
    @TempDir Path root;

    private Path hierarchy(String name, String... files) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        for (String f : files) Files.writeString(dir.resolve(f), "");
        return dir;
    }

    private String mount(String id, Path point, String type, String options) {
        return id + " 31 0:" + id + " / " + point + " rw,relatime shared:1 - " + type + " " + type + " " + options + "\n";
    }

    @Test
    void v1CapabilitiesAreTheControlFilesThatExist() throws IOException {
        Path memory = hierarchy("memory", "memory.limit_in_bytes", "memory.oom_control");
        Path cpu = hierarchy("cpu,cpuacct", "cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us");
        String mountinfo = mount("40", memory, "cgroup", "rw,memory") + mount("41", cpu, "cgroup", "rw,cpu,cpuacct")
                + mount("42", root.resolve("unified"), "cgroup2", "rw");

        CgroupFeatures f = CgroupFeatures.probe(mountinfo);

        assertThat(f.version()).isEqualTo("1");
        assertThat(f.memoryLimit()).isTrue();
        assertThat(f.oomKillDisable()).isTrue();
        assertThat(f.swapLimit()).as("no memory.memsw.* without swap accounting").isFalse();
        assertThat(f.kernelMemory()).isFalse();
        assertThat(f.cpuShares()).isTrue();
        assertThat(f.cpuCfsQuota()).isTrue();
        assertThat(f.cpuSet()).as("cpuset not mounted").isFalse();
        assertThat(f.pidsLimit()).as("pids not mounted").isFalse();
        assertThat(f.warnings()).contains("WARNING: No swap limit support", "WARNING: No cpuset support");
    }

    @Test
    void v2CapabilitiesAreTheControllersTheRootOffers() throws IOException {
        Path unified = hierarchy("cgroup");
        Files.writeString(unified.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");

        CgroupFeatures f = CgroupFeatures.probe(mount("30", unified, "cgroup2", "rw,nsdelegate"));

        assertThat(f.version()).isEqualTo("2");
        assertThat(f.memoryLimit()).isTrue();
        assertThat(f.swapLimit()).isTrue();
        assertThat(f.kernelMemory()).as("v2 has no kernel memory limit").isFalse();
        assertThat(f.cpuCfsPeriod()).isTrue();
        assertThat(f.cpuSet()).isTrue();
        assertThat(f.pidsLimit()).isTrue();
    }

    @Test
    void withoutCgroupMountsNothingCanBeLimited() {
        CgroupFeatures f = CgroupFeatures.probe("22 1 0:21 / /proc rw - proc proc rw\n");

        assertThat(f.version()).isNull();
        assertThat(f.memoryLimit()).isFalse();
        assertThat(f.warnings()).singleElement().asString().contains("No cgroup");
    }

    @Test
    void thisHostsMemoryControllerIsSeen() throws IOException {
        CgroupFeatures f = CgroupFeatures.probe(Files.readString(Path.of("/proc/self/mountinfo")));
        boolean v1Memory = Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
        if (v1Memory) {
            assertThat(f.version()).isEqualTo("1");
            assertThat(f.memoryLimit()).isTrue();
        }
    }
}
