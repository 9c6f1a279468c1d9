package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's memory (MemTotal of /proc/meminfo), what Docker reports as the limit of an unlimited container. */
public final class HostMemory {
    private static volatile long total = -1;

    private HostMemory() {}

    public static long total() {
        long t = total;
        if (t < 0) {
            try {
                t = parse(Files.readString(Path.of("/proc/meminfo")));
            } catch (IOException e) {
                t = 0;
            }
            total = t;
        }
        return t;
    }

    static long parse(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.substring(9).strip().split("\\s+");
                return Long.parseLong(f[0]) * 1024;
            }
        }
        return 0;
    }
}
