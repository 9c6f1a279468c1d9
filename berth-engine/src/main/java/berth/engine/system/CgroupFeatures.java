package berth.engine.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        Map<String, Path> v1 = new HashMap<>();
        Path v2 = null;
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 3) continue;
            Path mountPoint = Path.of(unescape(before[4]));
            if (after[0].equals("cgroup2")) {
                v2 = mountPoint;
            } else if (after[0].equals("cgroup")) {
                for (String option : after[2].split(",")) v1.putIfAbsent(option, mountPoint);
            }
        }
        if (v1.containsKey("memory") || v1.containsKey("cpu") || v1.containsKey("pids")) return v1(v1);
        if (v2 != null) return v2(v2);
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

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
