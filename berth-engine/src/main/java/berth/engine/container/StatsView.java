package berth.engine.container;

import berth.api.model.ContainerStats;
import berth.api.model.ContainerStats.BlkioEntry;
import berth.api.model.ContainerStats.CpuStats;
import berth.api.model.ContainerStats.CpuUsage;
import berth.api.model.ContainerStats.NetworkStats;
import berth.api.model.ContainerStats.ThrottlingData;
import berth.engine.cgroup.CgroupSample;
import berth.engine.cgroup.NetDev;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's stats JSON from one cgroup sample. Memory "limit" is the machine's memory when the cgroup has none (or a
 * bigger one than the machine), as dockerd reports it; v1's per-CPU usage is kept, v2 has none.
 */
final class StatsView {
    /** Go's zero time, what Docker writes for a time it does not have. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private StatsView() {}

    /** The sample before this one: when it was read and its CPU counters. */
    record Previous(Instant read, CpuStats cpu) {}

    static CpuStats cpu(CgroupSample s, long systemUsage, int onlineCpus) {
        return new CpuStats(new CpuUsage(s.cpuTotal(), s.cpuPerCpu() == null || s.cpuPerCpu().isEmpty() ? null : s.cpuPerCpu(),
                s.cpuKernel(), s.cpuUser()), systemUsage, onlineCpus,
                new ThrottlingData(s.throttlePeriods(), s.throttledPeriods(), s.throttledTime()));
    }

    static ContainerStats of(String name, String id, Instant read, CgroupSample s, CpuStats cpu, Previous previous,
                             Map<String, NetDev.Counters> net, long machineMemory) {
        Long limit = s.memoryLimit();
        if (limit == null || (machineMemory > 0 && limit > machineMemory)) limit = machineMemory;
        Map<String, NetworkStats> networks = null;
        if (!net.isEmpty()) {
            networks = new LinkedHashMap<>();
            for (Map.Entry<String, NetDev.Counters> e : net.entrySet()) {
                NetDev.Counters c = e.getValue();
                networks.put(e.getKey(), new NetworkStats(c.rxBytes(), c.rxPackets(), c.rxErrors(), c.rxDropped(),
                        c.txBytes(), c.txPackets(), c.txErrors(), c.txDropped()));
            }
        }
        return new ContainerStats("/" + name, id, read.toString(), previous == null ? ZERO_TIME : previous.read().toString(),
                new ContainerStats.PidsStats(s.pidsCurrent(), s.pidsLimit()),
                ContainerStats.BlkioStats.of(blkio(s.ioBytes()), blkio(s.ioOps())), 0, Map.of(), cpu,
                previous == null ? CpuStats.empty() : previous.cpu(),
                new ContainerStats.MemoryStats(s.memoryUsage(), s.memoryMaxUsage(), s.memoryStats(), s.memoryFailcnt(),
                        limit),
                networks);
    }

    /** What Docker answers for a container that is not running: names, zero times, empty counters. */
    static ContainerStats stopped(String name, String id) {
        return new ContainerStats("/" + name, id, ZERO_TIME, ZERO_TIME, new ContainerStats.PidsStats(null, null),
                ContainerStats.BlkioStats.of(null, null), 0, Map.of(), CpuStats.empty(), CpuStats.empty(),
                new ContainerStats.MemoryStats(null, null, null, null, null), null);
    }

    private static List<BlkioEntry> blkio(List<CgroupSample.Blkio> entries) {
        if (entries == null || entries.isEmpty()) return null;
        return entries.stream().map(b -> new BlkioEntry(b.major(), b.minor(), b.op(), b.value())).toList();
    }

    /**
     * The docker CLI's CPU percentage (calculateCPUPercentUnix), for tests and the bench: the container's CPU time
     * over the host's, times the CPUs.
     */
    static double cpuPercent(ContainerStats s) {
        CpuStats now = s.cpuStats();
        CpuStats before = s.precpuStats();
        double cpuDelta = now.cpuUsage().totalUsage() - before.cpuUsage().totalUsage();
        double systemDelta = (now.systemCpuUsage() == null ? 0 : now.systemCpuUsage())
                - (before.systemCpuUsage() == null ? 0 : before.systemCpuUsage());
        if (cpuDelta <= 0 || systemDelta <= 0) return 0;
        int cpus = now.onlineCpus() == null ? 0 : now.onlineCpus();
        return cpuDelta / systemDelta * cpus * 100.0;
    }
}
