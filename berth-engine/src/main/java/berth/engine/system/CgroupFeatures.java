package berth.engine.system;

import berth.engine.cgroup.CgroupMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kernel's cgroups can limit, read from the mounted cgroup file systems as dockerd's sysinfo package does:
 * with cgroup v1 a capability is there when its control file exists in the controller's hierarchy; with v2 when the
 * controller is listed in the root's {@code cgroup.controllers}.
 */
public record CgroupFeatures(String version, boolean memoryLimit, boolean swapLimit, boolean kernelMemory,
                             boolean kernelMemoryTcp, boolean oomKillDisable, boolean cpuCfsPeriod, boolean cpuCfsQuota,
                             boolean cpuShares, boolean cpuSet, boolean pidsLimit) {

    /** No cgroup file system mounted: nothing can be limited. */
    static final CgroupFeatures NONE = new CgroupFeatures(null, false, false, false, false, false, false, false, false,
            false, false);

    /** Probes the cgroup mounts listed in {@code mountinfo} (the text of /proc/self/mountinfo). */
    public static CgroupFeatures probe(String mountinfo) {
        CgroupMounts mounts = CgroupMounts.parse(mountinfo);
        if (mounts.isV1()) return v1(mounts.v1());
        if (mounts.isV2()) return v2(mounts.v2());
        return NONE;
    }

    static CgroupFeatures v1(Map<String, Path> controllers) {
        Path memory = controllers.get("memory");
        Path cpu = controllers.get("cpu");
        Path cpuset = controllers.get("cpuset");
        return new CgroupFeatures("1",
                has(memory, "memory.limit_in_bytes"),
                has(memory, "memory.memsw.limit_in_bytes"),
                has(memory, "memory.kmem.limit_in_bytes"),
                has(memory, "memory.kmem.tcp.limit_in_bytes"),
                has(memory, "memory.oom_control"),
                has(cpu, "cpu.cfs_period_us"),
                has(cpu, "cpu.cfs_quota_us"),
                has(cpu, "cpu.shares"),
                has(cpuset, "cpuset.cpus"),
                controllers.containsKey("pids"));
    }

    /** cgroup v2 has no kernel-memory or OOM-kill-disable knobs; swap is limited with the memory controller. */
    static CgroupFeatures v2(Path root) {
        Set<String> enabled;
        try {
            enabled = Set.of(Files.readString(root.resolve("cgroup.controllers")).strip().split("\\s+"));
        } catch (IOException e) {
            enabled = Set.of();
        }
        boolean memory = enabled.contains("memory");
        boolean cpu = enabled.contains("cpu");
        return new CgroupFeatures("2", memory, memory, false, false, false, cpu, cpu, cpu, enabled.contains("cpuset"),
                enabled.contains("pids"));
    }

    private static boolean has(Path hierarchy, String file) {
        return hierarchy != null && Files.exists(hierarchy.resolve(file));
    }

    /** Docker's warnings for missing capabilities, printed by {@code docker info}. */
    List<String> warnings() {
        if (version == null) return List.of("WARNING: No cgroup file system mounted: resource limits are not available");
        List<String> out = new java.util.ArrayList<>();
        if (!memoryLimit) out.add("WARNING: No memory limit support");
        if (!swapLimit) out.add("WARNING: No swap limit support");
        if (!cpuCfsQuota) out.add("WARNING: No cpu cfs quota support");
        if (!cpuCfsPeriod) out.add("WARNING: No cpu cfs period support");
        if (!cpuShares) out.add("WARNING: No cpu shares support");
        if (!cpuSet) out.add("WARNING: No cpuset support");
        return out;
    }
}
