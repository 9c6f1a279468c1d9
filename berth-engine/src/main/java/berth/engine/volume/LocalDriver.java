package berth.engine.volume;

import berth.api.errors.InvalidArgumentException;
import berth.engine.sys.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local driver's options ({@code -o type=tmpfs -o device=tmpfs -o o=size=64m}, {@code -o o=bind -o
 * device=/srv/data}): with options, the volume's {@code _data} is a mount of {@code device}, made when a container
 * first uses it and kept until the volume is removed or the host reboots. Without options it is a plain directory.
 */
final class LocalDriver {
    private static final Set<String> KEYS = Set.of("type", "o", "device", "size");
    /** Mount flags by the name mount(8) gives them; the other options are passed to the filesystem. */
    private static final Map<String, Long> SET = Map.ofEntries(Map.entry("ro", 1L), Map.entry("nosuid", 2L),
            Map.entry("nodev", 4L), Map.entry("noexec", 8L), Map.entry("sync", 16L), Map.entry("dirsync", 128L),
            Map.entry("noatime", 1024L), Map.entry("nodiratime", 2048L), Map.entry("bind", 4096L),
            Map.entry("rbind", 4096L | 16384L), Map.entry("relatime", 1L << 21), Map.entry("strictatime", 1L << 24));
    private static final Set<String> CLEAR = Set.of("rw", "suid", "dev", "exec", "async", "atime", "diratime");

    private LocalDriver() {}

    /** Refuses what the local driver would not apply; Docker's messages. */
    static void validate(String name, Map<String, String> options) {
        if (options == null || options.isEmpty()) return;
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) throw new InvalidArgumentException("create " + name + ": invalid option: \"" + key + "\"");
        }
        if (options.containsKey("size")) {
            throw new InvalidArgumentException("create " + name + ": option \"size\" needs a filesystem with project"
                    + " quotas (xfs), which Berth does not manage; use -o type=tmpfs -o o=size=... for a bounded tmpfs");
        }
        String type = options.getOrDefault("type", "");
        String device = options.getOrDefault("device", "");
        if (!type.isEmpty() && device.isEmpty()) {
            throw new InvalidArgumentException("create " + name + ": missing required option: \"device\"");
        }
        if (type.isEmpty() && !device.isEmpty() && !isBind(options)) {
            throw new InvalidArgumentException("create " + name + ": missing required option: \"type\"");
        }
        if (isBind(options)) {
            if (!device.startsWith("/")) {
                throw new InvalidArgumentException("create " + name + ": a bind device must be an absolute host path: " + device);
            }
            if (!java.nio.file.Files.isDirectory(Path.of(device))) {
                throw new InvalidArgumentException("create " + name + ": bind device " + device + " is not a directory");
            }
        }
        if (device.isEmpty() && options.containsKey("o")) {
            throw new InvalidArgumentException("create " + name + ": missing required option: \"device\"");
        }
        split(options.getOrDefault("o", ""));
    }

    private static boolean isBind(Map<String, String> options) {
        for (String o : options.getOrDefault("o", "").split(",")) if (o.equals("bind") || o.equals("rbind")) return true;
        return false;
    }

    static boolean mounts(Map<String, String> options) {
        return options != null && options.containsKey("device");
    }

    /** Mounts the device at {@code data} unless it already is. */
    static void mount(Map<String, String> options, Path data) throws IOException {
        if (!mounts(options) || Mounts.isMounted(data)) return;
        Flags f = split(options.getOrDefault("o", ""));
        String type = options.getOrDefault("type", "");
        Mounts.mount(options.get("device"), data, type.isEmpty() ? "none" : type, f.flags(), f.data().isEmpty() ? null : f.data());
    }

    record Flags(long flags, String data) {}

    static Flags split(String o) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String opt : o.split(",")) {
            if (opt.isEmpty()) continue;
            Long f = SET.get(opt);
            if (f != null) flags |= f;
            else if (!CLEAR.contains(opt)) data.add(opt);
        }
        return new Flags(flags, String.join(",", data));
    }
}
