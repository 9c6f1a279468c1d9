package berth.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's cgroup limits as the OCI runtime spec's {@code linux.resources} names them; null fields are not set.
 * The same JSON serves {@code config.json} at create and {@code runc update --resources} later, and both cgroup
 * versions: runc converts for v2 itself (cpu shares to cpu.weight, memory+swap to memory.swap.max, blkio weight to
 * io.bfq.weight, throttles to io.max), so Berth writes one mapping. {@code memorySwap} is memory plus swap, as in v1's
 * memsw and Docker's --memory-swap; -1 is unlimited.
 */
public record CgroupResources(Long memoryLimit, Long memoryReservation, Long memorySwap, Boolean disableOomKiller,
                              Long cpuShares, Long cpuQuota, Long cpuPeriod, String cpus, String mems, Long pidsLimit,
                              Integer blkioWeight, List<WeightDevice> weightDevices, List<ThrottleDevice> readBps,
                              List<ThrottleDevice> writeBps, List<ThrottleDevice> readIops,
                              List<ThrottleDevice> writeIops) {

    public static final CgroupResources NONE = new CgroupResources(null, null, null, null, null, null, null, null, null,
            null, null, List.of(), List.of(), List.of(), List.of(), List.of());

    public record ThrottleDevice(long major, long minor, long rate) {}

    public record WeightDevice(long major, long minor, int weight) {}

    /** The spec's resources object without devices (the device rules are the confinement's). */
    public Map<String, Object> toOci() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        put(memory, "limit", memoryLimit);
        put(memory, "reservation", memoryReservation);
        put(memory, "swap", memorySwap);
        put(memory, "disableOOMKiller", disableOomKiller);
        if (!memory.isEmpty()) out.put("memory", memory);
        Map<String, Object> cpu = new LinkedHashMap<>();
        put(cpu, "shares", cpuShares);
        put(cpu, "quota", cpuQuota);
        put(cpu, "period", cpuPeriod);
        put(cpu, "cpus", cpus);
        put(cpu, "mems", mems);
        if (!cpu.isEmpty()) out.put("cpu", cpu);
        if (pidsLimit != null) out.put("pids", Map.of("limit", pidsLimit));
        Map<String, Object> io = new LinkedHashMap<>();
        put(io, "weight", blkioWeight);
        if (!weightDevices.isEmpty()) {
            io.put("weightDevice", weightDevices.stream()
                    .map(d -> device(d.major(), d.minor(), "weight", d.weight())).toList());
        }
        throttles(io, "throttleReadBpsDevice", readBps);
        throttles(io, "throttleWriteBpsDevice", writeBps);
        throttles(io, "throttleReadIOPSDevice", readIops);
        throttles(io, "throttleWriteIOPSDevice", writeIops);
        if (!io.isEmpty()) out.put("blockIO", io);
        return out;
    }

    private static void throttles(Map<String, Object> io, String key, List<ThrottleDevice> devices) {
        if (devices.isEmpty()) return;
        io.put(key, devices.stream()
                .map(d -> device(d.major(), d.minor(), "rate", d.rate())).toList());
    }

    /** In the spec's order, so that config.json reads the same every time. */
    private static Map<String, Object> device(long major, long minor, String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("major", major);
        d.put("minor", minor);
        d.put(key, value);
        return d;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }
}
