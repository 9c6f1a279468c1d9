package berth.engine.cgroup;

import java.util.List;
import java.util.Map;

/**
 * The counters of one container's cgroup at one moment, in Docker's units: CPU times in nanoseconds, memory in bytes.
 * {@code memoryLimit} is what the cgroup says (a huge number when unlimited); {@code memoryStats} are the keys of
 * memory.stat as the kernel names them (v1's {@code total_inactive_file}, v2's {@code inactive_file}), which the
 * docker CLI reads to subtract the page cache. Null where this cgroup version has no such counter.
 */
public record CgroupSample(long cpuTotal, List<Long> cpuPerCpu, long cpuKernel, long cpuUser, long throttlePeriods,
                           long throttledPeriods, long throttledTime, Long memoryUsage, Long memoryMaxUsage,
                           Long memoryFailcnt, Long memoryLimit, Map<String, Long> memoryStats, List<Blkio> ioBytes,
                           List<Blkio> ioOps, Long pidsCurrent, Long pidsLimit) {

    /** One line of a block I/O counter: device, operation (Docker's v1 spelling "Read", "Write", ...), value. */
    public record Blkio(long major, long minor, String op, long value) {}
}
