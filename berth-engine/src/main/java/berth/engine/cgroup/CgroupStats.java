package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one container's cgroup counters into a {@link CgroupSample}: v1 from the controllers' separate hierarchies,
 * v2 from the one unified directory. Only files are read (no runc process), so a sample takes well under a
 * millisecond.
 */
public final class CgroupStats {
    /** cpuacct.stat counts in USER_HZ, which is 100 on Linux whatever the kernel's HZ. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final CgroupMounts mounts;

    public CgroupStats(CgroupMounts mounts) {
        this.mounts = mounts;
    }

    /** The counters of container {@code id}; empty when its cgroup is not there (not running, or already gone). */
    public Optional<CgroupSample> read(String id) throws IOException {
        if (mounts.isV1()) {
            Optional<Path> memory = mounts.containerDir("memory", id);
            Optional<Path> cpuacct = mounts.containerDir("cpuacct", id);
            if (cpuacct.isEmpty() || !java.nio.file.Files.isDirectory(cpuacct.get())) return Optional.empty();
            return Optional.of(v1(cpuacct.get(), mounts.containerDir("cpu", id).orElse(null), memory.orElse(null),
                    mounts.containerDir("blkio", id).orElse(null), mounts.containerDir("pids", id).orElse(null)));
        }
        if (mounts.isV2()) {
            Optional<Path> dir = mounts.containerDirV2(id);
            if (dir.isEmpty() || !java.nio.file.Files.isDirectory(dir.get())) return Optional.empty();
            return Optional.of(v2(dir.get()));
        }
        return Optional.empty();
    }

    /** v1: each controller's directory (null when that controller is not mounted). */
    static CgroupSample v1(Path cpuacct, Path cpu, Path memory, Path blkio, Path pids) throws IOException {
        long total = CgroupFiles.numberOr(cpuacct.resolve("cpuacct.usage"), 0);
        List<Long> perCpu = CgroupFiles.numbers(CgroupFiles.text(cpuacct.resolve("cpuacct.usage_percpu")));
        Map<String, Long> times = CgroupFiles.keyValues(CgroupFiles.text(cpuacct.resolve("cpuacct.stat")));
        Map<String, Long> throttle = cpu == null ? Map.of() : CgroupFiles.keyValues(CgroupFiles.text(cpu.resolve("cpu.stat")));
        Long usage = null;
        Long max = null;
        Long failcnt = null;
        Long limit = null;
        Map<String, Long> memStats = Map.of();
        if (memory != null) {
            usage = CgroupFiles.number(memory.resolve("memory.usage_in_bytes"));
            max = CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes"));
            failcnt = CgroupFiles.number(memory.resolve("memory.failcnt"));
            limit = CgroupFiles.number(memory.resolve("memory.limit_in_bytes"));
            memStats = CgroupFiles.keyValues(CgroupFiles.text(memory.resolve("memory.stat")));
        }
        List<CgroupSample.Blkio> bytes = List.of();
        List<CgroupSample.Blkio> ops = List.of();
        if (blkio != null) {
            // the first scheduler that counted anything: BFQ, then CFQ's files, then the throttle layer (always there)
            for (String prefix : List.of("blkio.bfq.", "blkio.", "blkio.throttle.")) {
                bytes = blkioV1(CgroupFiles.text(blkio.resolve(prefix + "io_service_bytes_recursive")));
                if (!bytes.isEmpty()) {
                    ops = blkioV1(CgroupFiles.text(blkio.resolve(prefix + "io_serviced_recursive")));
                    break;
                }
            }
        }
        Long pidsCurrent = pids == null ? null : CgroupFiles.number(pids.resolve("pids.current"));
        Long pidsLimit = pids == null ? null : CgroupFiles.number(pids.resolve("pids.max"));
        return new CgroupSample(total, perCpu, times.getOrDefault("system", 0L) * NANOS_PER_TICK,
                times.getOrDefault("user", 0L) * NANOS_PER_TICK, throttle.getOrDefault("nr_periods", 0L),
                throttle.getOrDefault("nr_throttled", 0L), throttle.getOrDefault("throttled_time", 0L), usage, max,
                failcnt, limit, memStats, bytes, ops, pidsCurrent, pidsLimit);
    }

    /** v2: cpu.stat in microseconds, memory.current/max, io.stat ("8:0 rbytes=… wbytes=… rios=… wios=…"). */
    static CgroupSample v2(Path dir) throws IOException {
        Map<String, Long> cpu = CgroupFiles.keyValues(CgroupFiles.text(dir.resolve("cpu.stat")));
        List<CgroupSample.Blkio> bytes = new ArrayList<>();
        List<CgroupSample.Blkio> ops = new ArrayList<>();
        String io = CgroupFiles.text(dir.resolve("io.stat"));
        if (io != null) {
            for (String line : io.split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 2 || !f[0].contains(":")) continue;
                String[] dev = f[0].split(":");
                long major = Long.parseLong(dev[0]);
                long minor = Long.parseLong(dev[1]);
                for (int i = 1; i < f.length; i++) {
                    String[] kv = f[i].split("=", 2);
                    if (kv.length != 2) continue;
                    long v = Long.parseLong(kv[1]);
                    switch (kv[0]) {
                        case "rbytes" -> bytes.add(new CgroupSample.Blkio(major, minor, "read", v));
                        case "wbytes" -> bytes.add(new CgroupSample.Blkio(major, minor, "write", v));
                        case "rios" -> ops.add(new CgroupSample.Blkio(major, minor, "read", v));
                        case "wios" -> ops.add(new CgroupSample.Blkio(major, minor, "write", v));
                        default -> { }
                    }
                }
            }
        }
        return new CgroupSample(cpu.getOrDefault("usage_usec", 0L) * 1000, null,
                cpu.getOrDefault("system_usec", 0L) * 1000, cpu.getOrDefault("user_usec", 0L) * 1000,
                cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L),
                cpu.getOrDefault("throttled_usec", 0L) * 1000, CgroupFiles.number(dir.resolve("memory.current")),
                null, null, CgroupFiles.number(dir.resolve("memory.max")),
                CgroupFiles.keyValues(CgroupFiles.text(dir.resolve("memory.stat"))), bytes, ops,
                CgroupFiles.number(dir.resolve("pids.current")), CgroupFiles.number(dir.resolve("pids.max")));
    }

    /** v1's "8:0 Read 4096" lines; the "Total" line without a device is left out, as runc leaves it out. */
    static List<CgroupSample.Blkio> blkioV1(String text) {
        List<CgroupSample.Blkio> out = new ArrayList<>();
        if (text == null) return out;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || !f[0].contains(":")) continue;
            String[] dev = f[0].split(":");
            out.add(new CgroupSample.Blkio(Long.parseLong(dev[0]), Long.parseLong(dev[1]), f[1], Long.parseLong(f[2])));
        }
        return out;
    }
}
