package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few counters the stats history keeps (CPU time, memory in use and its limit, block I/O bytes), read from the
 * same files as {@link CgroupStats} but only those: the history reads every running container every few seconds,
 * so each file it skips counts. Fields the history does not keep are left empty in the {@link CgroupSample}.
 */
public final class CgroupUsage {
    private final CgroupMounts mounts;

    public CgroupUsage(CgroupMounts mounts) {
        this.mounts = mounts;
    }

    /** Empty when the container's cgroup is not there (not running, or already gone). */
    public Optional<CgroupSample> read(String id) throws IOException {
        if (mounts.isV2()) {
            Optional<Path> dir = mounts.containerDirV2(id);
            if (dir.isEmpty() || !Files.isDirectory(dir.get())) return Optional.empty();
            return Optional.of(CgroupStats.v2(dir.get()));
        }
        if (!mounts.isV1()) return Optional.empty();
        Optional<Path> cpuacct = mounts.containerDir("cpuacct", id);
        if (cpuacct.isEmpty()) return Optional.empty();
        Long cpu = CgroupFiles.number(cpuacct.get().resolve("cpuacct.usage"));
        if (cpu == null) return Optional.empty();
        Long usage = null;
        Long limit = null;
        Map<String, Long> memStats = Map.of();
        Optional<Path> memory = mounts.containerDir("memory", id);
        if (memory.isPresent()) {
            usage = CgroupFiles.number(memory.get().resolve("memory.usage_in_bytes"));
            limit = CgroupFiles.number(memory.get().resolve("memory.limit_in_bytes"));
            memStats = CgroupFiles.keyValues(CgroupFiles.text(memory.get().resolve("memory.stat")));
        }
        List<CgroupSample.Blkio> bytes = List.of();
        Optional<Path> blkio = mounts.containerDir("blkio", id);
        if (blkio.isPresent()) {
            for (String prefix : List.of("blkio.bfq.", "blkio.", "blkio.throttle.")) {
                bytes = CgroupStats.blkioV1(CgroupFiles.text(blkio.get().resolve(prefix + "io_service_bytes_recursive")));
                if (!bytes.isEmpty()) break;
            }
        }
        return Optional.of(new CgroupSample(cpu, null, 0, 0, 0, 0, 0, usage, null, null, limit, memStats, bytes,
                List.of(), null, null));
    }
}
