package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.Isolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --tmpfs /path[:options]}: a tmpfs with Docker's defaults (noexec, nosuid, nodev, rprivate) and the user's
 * options merged over them, the later of two opposite flags (exec/noexec) and of two values (size=) winning. Options
 * tmpfs or the mount call would not take are refused at create.
 */
final class TmpfsMounts {
    private static final List<String> DEFAULTS = List.of("noexec", "nosuid", "nodev", "rprivate");
    /** Flags, each with its opposite (the key both share). */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();
    private static final Set<String> DATA = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol", "huge");
    private static final Set<String> PROPAGATION = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");

    static {
        for (String[] pair : new String[][] {{"rw", "ro"}, {"exec", "noexec"}, {"suid", "nosuid"}, {"dev", "nodev"},
                {"atime", "noatime"}, {"diratime", "nodiratime"}, {"relatime", "norelatime"},
                {"strictatime", "nostrictatime"}, {"sync", "async"}, {"dirsync", "dirsync"}, {"mand", "nomand"}}) {
            FLAGS.put(pair[0], pair[0]);
            FLAGS.put(pair[1], pair[0]);
        }
    }

    private TmpfsMounts() {}

    static List<Isolation.TmpfsMount> of(Map<String, String> tmpfs) {
        List<Isolation.TmpfsMount> out = new ArrayList<>();
        if (tmpfs == null) return out;
        for (Map.Entry<String, String> e : tmpfs.entrySet()) {
            String dest = e.getKey();
            if (!dest.startsWith("/")) {
                throw new InvalidArgumentException("invalid mount path: '" + dest + "' mount path must be absolute (--tmpfs)");
            }
            String clean = java.nio.file.Path.of(dest).normalize().toString();
            if (clean.equals("/")) throw new InvalidArgumentException("invalid --tmpfs: destination can't be '/'");
            // runc refuses mounts under /proc other than procfs itself
            if (clean.equals("/proc") || clean.startsWith("/proc/")) {
                throw new InvalidArgumentException("invalid --tmpfs " + dest + ": nothing can be mounted over /proc");
            }
            out.add(new Isolation.TmpfsMount(dest, merge(e.getValue() == null ? "" : e.getValue())));
        }
        return out;
    }

    static List<String> merge(String options) {
        Map<String, String> byKey = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(DEFAULTS);
        if (!options.isEmpty()) all.addAll(List.of(options.split(",")));
        List<String> bad = new ArrayList<>();
        for (String o : all) {
            int eq = o.indexOf('=');
            String key;
            if (eq > 0 && DATA.contains(o.substring(0, eq)) && eq < o.length() - 1) key = o.substring(0, eq);
            else if (FLAGS.containsKey(o)) key = FLAGS.get(o);
            else if (PROPAGATION.contains(o)) key = "propagation";
            else {
                bad.add(o);
                continue;
            }
            byKey.remove(key); // the later one wins, in the later one's place
            byKey.put(key, o);
        }
        if (!bad.isEmpty()) {
            throw new InvalidArgumentException("invalid tmpfs option [\"" + String.join("\", \"", bad) + "\"] (--tmpfs)");
        }
        return new ArrayList<>(byKey.values());
    }
}
