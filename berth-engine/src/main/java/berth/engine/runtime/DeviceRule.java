package berth.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule of the device cgroup ({@code linux.resources.devices}): allow or deny {@code access} ("rwm" letters) to
 * devices of {@code type} ("a", "b" or "c") with {@code major}:{@code minor}, where null is any ("*").
 */
public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {

    /**
     * Docker's rules for an unprivileged container: nothing but the standard character devices (null, zero, urandom,
     * random, tty, console), and fuse explicitly denied. runc appends its own defaults after these (mknod of any
     * node, full, ptmx, the pts devices, tun), so the container ends up with exactly what it has under Docker.
     */
    public static final List<DeviceRule> DOCKER_DEFAULTS = List.of(
            new DeviceRule(false, null, null, null, "rwm"),
            new DeviceRule(true, "c", 1L, 5L, "rwm"),
            new DeviceRule(true, "c", 1L, 3L, "rwm"),
            new DeviceRule(true, "c", 1L, 9L, "rwm"),
            new DeviceRule(true, "c", 1L, 8L, "rwm"),
            new DeviceRule(true, "c", 5L, 0L, "rwm"),
            new DeviceRule(true, "c", 5L, 1L, "rwm"),
            new DeviceRule(false, "c", 10L, 229L, "rwm"));

    Map<String, Object> toOci() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allow", allow);
        if (type != null) m.put("type", type);
        if (major != null) m.put("major", major);
        if (minor != null) m.put("minor", minor);
        m.put("access", access);
        return m;
    }
}
