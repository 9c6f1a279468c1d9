package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interface counters of a process's network namespace, from {@code /proc/<pid>/net/dev}. The loopback is left out,
 * as Docker leaves it out: traffic a container sends itself is not network I/O.
 */
public final class NetDev {
    /** rx: bytes packets errs drop; tx: bytes packets errs drop. */
    public record Counters(long rxBytes, long rxPackets, long rxErrors, long rxDropped, long txBytes, long txPackets,
                           long txErrors, long txDropped) {}

    private NetDev() {}

    /** Empty when the process is gone. */
    public static Map<String, Counters> of(int pid) throws IOException {
        try {
            return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "net", "dev")));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
    }

    static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).strip();
            if (name.equals("lo")) continue;
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (f.length < 12) continue;
            out.put(name, new Counters(n(f[0]), n(f[1]), n(f[2]), n(f[3]), n(f[8]), n(f[9]), n(f[10]), n(f[11])));
        }
        return out;
    }

    private static long n(String s) {
        return Long.parseLong(s);
    }
}
