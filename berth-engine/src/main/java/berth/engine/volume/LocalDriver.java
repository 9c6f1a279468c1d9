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
    /** Propagation, which mount(2) changes only in a call of its own, after the mount exists. */
    private static final Map<String, Long> PROPAGATION = Map.of("unbindable", 1L << 17, "runbindable", (1L << 17) | 16384L,
            "private", 1L << 18, "rprivate", (1L << 18) | 16384L, "slave", 1L << 19, "rslave", (1L << 19) | 16384L,
            "shared", 1L << 20, "rshared", (1L << 20) | 16384L);
    private static final long MS_REMOUNT = 32;
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;

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
        Flags f = split(options.getOrDefault("o", ""));
        String ignoredByBind = f.data() + ((f.flags() & 16) != 0 ? ",sync" : "") + ((f.flags() & 128) != 0 ? ",dirsync" : "");
        if (isBind(options) && !ignoredByBind.isEmpty()) {
            // the kernel ignores a bind mount's data and superblock flags: refused rather than silently dropped
            throw new InvalidArgumentException("create " + name + ": option \"" + ignoredByBind.replaceFirst("^,", "")
                    + "\" has no effect on a bind mount (its flags can be ro, nosuid, nodev, noexec, atime options"
                    + " and propagation)");
        }
    }

    private static boolean isBind(Map<String, String> options) {
        for (String o : options.getOrDefault("o", "").split(",")) if (o.equals("bind") || o.equals("rbind")) return true;
        return false;
    }

    static boolean mounts(Map<String, String> options) {
        return options != null && options.containsKey("device");
    }

    /**
     * Mounts the device at {@code data} unless it already is, as mount(8) would: a bind mount ignores every flag but
     * its own in the call that makes it, so {@code ro}, {@code nosuid} and the like take a remount of it; propagation
     * takes a call of its own. A mount that cannot get all its options is undone.
     */
    static void mount(Map<String, String> options, Path data) throws IOException {
        if (!mounts(options) || Mounts.isMounted(data)) return;
        Flags f = split(options.getOrDefault("o", ""));
        String type = options.getOrDefault("type", "");
        Mounts.mount(options.get("device"), data, type.isEmpty() ? "none" : type, f.flags(), f.data().isEmpty() ? null : f.data());
        try {
            long rest = f.flags() & ~(MS_BIND | MS_REC);
            if ((f.flags() & MS_BIND) != 0 && rest != 0) Mounts.mount("none", data, "none", MS_REMOUNT | MS_BIND | rest, null);
            if (f.propagation() != 0) Mounts.mount("none", data, "none", f.propagation(), null);
        } catch (IOException | RuntimeException e) {
            Mounts.unmount(data);
            throw e;
        }
    }

    record Flags(long flags, long propagation, String data) {}

    static Flags split(String o) {
        long flags = 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String opt : o.split(",")) {
            if (opt.isEmpty()) continue;
            Long f = SET.get(opt);
            Long p = PROPAGATION.get(opt);
            if (f != null) flags |= f;
            else if (p != null) propagation = p;
            else if (!CLEAR.contains(opt)) data.add(opt);
        }
        return new Flags(flags, propagation, String.join(",", data));
    }
}
