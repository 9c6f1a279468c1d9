package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --ulimit name=soft[:hard]} as OCI rlimits. A container starts with berthd's own limits; a hard limit can only
 * be raised above berthd's with CAP_SYS_RESOURCE, which berthd may lack (on this project's machines it does: the
 * nofile hard limit is 20000). Such a request would fail at start inside runc, so it is refused at create, naming
 * the limit berthd has. -1 is unlimited.
 */
final class Ulimits {
    /** Docker's names and the kernel's resource numbers (getrlimit(2)). */
    private static final Map<String, Integer> NAMES = new LinkedHashMap<>();

    static {
        String[] names = {"cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "as", "locks",
                "sigpending", "msgqueue", "nice", "rtprio", "rttime"};
        for (int i = 0; i < names.length; i++) NAMES.put(names[i], i);
    }

    /** /proc/self/limits row titles, by name. */
    private static final Map<String, String> LIMITS_ROWS = Map.ofEntries(Map.entry("cpu", "Max cpu time"),
            Map.entry("fsize", "Max file size"), Map.entry("data", "Max data size"), Map.entry("stack", "Max stack size"),
            Map.entry("core", "Max core file size"), Map.entry("rss", "Max resident set"),
            Map.entry("nproc", "Max processes"), Map.entry("nofile", "Max open files"),
            Map.entry("memlock", "Max locked memory"), Map.entry("as", "Max address space"),
            Map.entry("locks", "Max file locks"), Map.entry("sigpending", "Max pending signals"),
            Map.entry("msgqueue", "Max msgqueue size"), Map.entry("nice", "Max nice priority"),
            Map.entry("rtprio", "Max realtime priority"), Map.entry("rttime", "Max realtime timeout"));

    private static final long UNLIMITED = -1;

    private Ulimits() {}

    static List<Isolation.Rlimit> of(List<Object> ulimits) {
        return of(ulimits, Capabilities.available().contains("CAP_SYS_RESOURCE"), Path.of("/proc/self/limits"));
    }

    static List<Isolation.Rlimit> of(List<Object> ulimits, boolean mayRaise, Path limitsFile) {
        List<Isolation.Rlimit> out = new ArrayList<>();
        if (ulimits == null) return out;
        Map<String, Long> hardLimits = null;
        for (Object o : ulimits) {
            if (!(o instanceof Map<?, ?> m)) throw new InvalidArgumentException("invalid ulimit (--ulimit): " + o);
            String name = String.valueOf(get(m, "Name")).toLowerCase(Locale.ROOT);
            if (!NAMES.containsKey(name)) throw new InvalidArgumentException("invalid ulimit type: " + name + " (--ulimit)");
            long soft = number(get(m, "Soft"), name);
            long hard = number(get(m, "Hard"), name);
            if (Long.compareUnsigned(soft, hard) > 0) {
                throw new InvalidArgumentException("ulimit soft limit must be less than or equal to hard limit: "
                        + shown(soft) + " > " + shown(hard) + " (--ulimit " + name + ")");
            }
            if (!mayRaise) {
                if (hardLimits == null) hardLimits = hardLimits(limitsFile);
                Long own = hardLimits.get(name);
                if (own != null && own != UNLIMITED && Long.compareUnsigned(hard, own) > 0) {
                    throw new InvalidArgumentException("--ulimit " + name + "=" + shown(soft) + ":" + shown(hard)
                            + ": the hard limit is above berthd's own (" + own + "), which a container cannot raise"
                            + " without CAP_SYS_RESOURCE");
                }
            }
            out.add(new Isolation.Rlimit("RLIMIT_" + name.toUpperCase(Locale.ROOT), soft, hard));
        }
        return out;
    }

    private static Object get(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) if (String.valueOf(e.getKey()).equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    private static long number(Object v, String name) {
        if (v instanceof Number n && n.longValue() >= UNLIMITED) return n.longValue();
        throw new InvalidArgumentException("invalid ulimit value for " + name + " (--ulimit): " + v);
    }

    private static String shown(long v) {
        return v == UNLIMITED ? "unlimited" : Long.toString(v);
    }

    /** berthd's hard limits by Docker's name; -1 for unlimited. */
    static Map<String, Long> hardLimits(Path limitsFile) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(limitsFile)) {
                for (Map.Entry<String, String> e : LIMITS_ROWS.entrySet()) {
                    if (!line.startsWith(e.getValue() + " ")) continue;
                    String[] f = line.substring(e.getValue().length()).trim().split("\\s+");
                    if (f.length >= 2) out.put(e.getKey(), f[1].equals("unlimited") ? UNLIMITED : Long.parseLong(f[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // limits unknown: runc's own error at start says what went wrong
        }
        return out;
    }
}
