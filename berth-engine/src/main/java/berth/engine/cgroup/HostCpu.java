package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU time, the denominator of Docker's CPU percentage: the sum of the "cpu" line of /proc/stat (every
 * state, idle included) in nanoseconds, as dockerd's getSystemCPUUsage computes it.
 */
public final class HostCpu {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

    private HostCpu() {}

    public static long systemUsageNanos() throws IOException {
        return parse(Files.readString(Path.of("/proc/stat")));
    }

    static long parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (!line.startsWith("cpu ")) continue;
            String[] f = line.substring(4).strip().split("\\s+");
            long ticks = 0;
            // user nice system idle iowait irq softirq steal; guest time is already counted in user
            for (int i = 0; i < Math.min(f.length, 8); i++) ticks += Long.parseLong(f[i]);
            return ticks * NANOS_PER_TICK;
        }
        throw new IllegalArgumentException("no cpu line in /proc/stat");
    }

    /** CPUs this process may run on, as Go's runtime.NumCPU counts them (Docker's online_cpus and --cpus bound). */
    public static int online() {
        return Runtime.getRuntime().availableProcessors();
    }
}
