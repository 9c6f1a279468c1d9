package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the cgroup hierarchies are mounted, from /proc/self/mountinfo. With any real v1 controller mounted (this
 * machine's hybrid layout: v1 controllers plus a v2 tree that holds none), limits and counters are v1's; otherwise the
 * unified v2 tree is used. Berth puts every container at {@code /berth/<id>} in each hierarchy (runc's cgroupfs
 * driver with an absolute cgroupsPath).
 */
public record CgroupMounts(int version, Map<String, Path> v1, Path v2) {

    /** The parent of every container's cgroup, as runc is told in linux.cgroupsPath. */
    public static final String PARENT = "/berth";

    private static volatile CgroupMounts host;

    /** The host's mounts, read once: they do not change while berthd runs. */
    public static CgroupMounts host() {
        CgroupMounts m = host;
        if (m == null) {
            try {
                m = parse(Files.readString(Path.of("/proc/self/mountinfo")));
            } catch (IOException e) {
                m = new CgroupMounts(0, Map.of(), null);
            }
            host = m;
        }
        return m;
    }

    public static CgroupMounts parse(String mountinfo) {
        Map<String, Path> v1 = new HashMap<>();
        Path v2 = null;
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length < 5 || after.length < 3) continue;
            Path mountPoint = Path.of(unescape(before[4]));
            if (after[0].equals("cgroup2")) {
                if (v2 == null) v2 = mountPoint;
            } else if (after[0].equals("cgroup")) {
                for (String option : after[2].split(",")) v1.putIfAbsent(option, mountPoint);
            }
        }
        boolean anyV1 = v1.containsKey("memory") || v1.containsKey("cpu") || v1.containsKey("pids");
        if (anyV1) return new CgroupMounts(1, Map.copyOf(v1), v2);
        return new CgroupMounts(v2 != null ? 2 : 0, Map.of(), v2);
    }

    public boolean isV1() {
        return version == 1;
    }

    public boolean isV2() {
        return version == 2;
    }

    /** The v1 hierarchy of {@code controller}, if mounted. */
    public Optional<Path> hierarchy(String controller) {
        return Optional.ofNullable(v1.get(controller));
    }

    /** One container's directory in a v1 controller's hierarchy, if that controller is mounted. */
    public Optional<Path> containerDir(String controller, String id) {
        return hierarchy(controller).map(h -> h.resolve(PARENT.substring(1)).resolve(id));
    }

    /** One container's directory in the v2 tree. */
    public Optional<Path> containerDirV2(String id) {
        return Optional.ofNullable(v2).map(r -> r.resolve(PARENT.substring(1)).resolve(id));
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
