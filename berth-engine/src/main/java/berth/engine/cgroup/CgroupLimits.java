package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What this kernel's cgroups can limit, probed once from the control files of the mounted hierarchies (v1: the file
 * exists in the controller's root; v2: the controller is listed in the root's cgroup.controllers), and the CPUs and
 * memory nodes a cpuset may name. Berth refuses a limit the kernel cannot apply instead of dropping it with a warning.
 */
public record CgroupLimits(int version, boolean memory, boolean swap, boolean reservation, boolean oomKillDisable,
                           boolean cpuShares, boolean cpuCfs, boolean cpuset, boolean pids, boolean blkioWeight,
                           boolean blkioWeightDevice, boolean blkioThrottle, String cpus, String mems) {

    private static volatile CgroupLimits host;

    public static CgroupLimits host() {
        CgroupLimits l = host;
        if (l == null) host = l = probe(CgroupMounts.host());
        return l;
    }

    public static CgroupLimits probe(CgroupMounts m) {
        if (m.isV1()) {
            Optional<Path> memory = m.hierarchy("memory");
            Optional<Path> cpu = m.hierarchy("cpu");
            Optional<Path> cpuset = m.hierarchy("cpuset");
            Optional<Path> blkio = m.hierarchy("blkio");
            boolean weight = has(blkio, "blkio.weight") || has(blkio, "blkio.bfq.weight");
            return new CgroupLimits(1, has(memory, "memory.limit_in_bytes"), has(memory, "memory.memsw.limit_in_bytes"),
                    has(memory, "memory.soft_limit_in_bytes"), has(memory, "memory.oom_control"),
                    has(cpu, "cpu.shares"), has(cpu, "cpu.cfs_quota_us"), has(cpuset, "cpuset.cpus"),
                    m.hierarchy("pids").isPresent(), weight,
                    has(blkio, "blkio.weight_device") || has(blkio, "blkio.bfq.weight_device"),
                    has(blkio, "blkio.throttle.read_bps_device"),
                    read(cpuset, "cpuset.effective_cpus", "cpuset.cpus"), read(cpuset, "cpuset.effective_mems", "cpuset.mems"));
        }
        if (m.isV2()) {
            Optional<Path> root = Optional.of(m.v2());
            Set<String> on = Set.of(read(root, "cgroup.controllers").split("\\s+"));
            boolean memory = on.contains("memory");
            boolean io = on.contains("io");
            // v2 has no OOM-kill switch; io.weight needs the BFQ scheduler, io.max is always there with "io"
            return new CgroupLimits(2, memory, memory, memory, false,
                    on.contains("cpu"), on.contains("cpu"), on.contains("cpuset"), on.contains("pids"), io, io, io,
                    read(root, "cpuset.cpus.effective"), read(root, "cpuset.mems.effective"));
        }
        return new CgroupLimits(0, false, false, false, false, false, false, false, false, false, false, false, "", "");
    }

    private static boolean has(Optional<Path> dir, String file) {
        return dir.isPresent() && Files.exists(dir.get().resolve(file));
    }

    /** The first of {@code files} that exists and is not empty (a v1 root may leave effective_cpus empty). */
    private static String read(Optional<Path> dir, String... files) {
        if (dir.isEmpty()) return "";
        for (String f : files) {
            try {
                String s = Files.readString(dir.get().resolve(f)).strip();
                if (!s.isEmpty()) return s;
            } catch (IOException e) {
                // try the next name
            }
        }
        return "";
    }
}
