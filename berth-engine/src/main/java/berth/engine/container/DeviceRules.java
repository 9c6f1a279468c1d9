package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.DeviceNode;
import berth.engine.runtime.DeviceRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code --device host[:container[:rwm]]} and {@code --device-cgroup-rule 'c 1:3 rwm'}: the device nodes to create in
 * the container and the device cgroup rules that let it use them. A host path that is a directory brings every
 * device node under it, as with Docker.
 */
final class DeviceRules {
    private static final Pattern RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

    /** One entry of HostConfig.Devices. */
    record Mapping(String pathOnHost, String pathInContainer, String permissions) {}

    private DeviceRules() {}

    /** Checks both lists as create does: formats, and that the host paths are device nodes (or dirs of them). */
    static void validate(List<Object> devices, List<String> rules) {
        nodes(devices);
        rules(rules);
    }

    static List<Mapping> mappings(List<Object> devices) {
        List<Mapping> out = new ArrayList<>();
        if (devices == null) return out;
        for (Object o : devices) {
            if (!(o instanceof Map<?, ?> m)) throw new InvalidArgumentException("invalid device mapping (--device): " + o);
            String host = string(m, "PathOnHost");
            String ctr = string(m, "PathInContainer");
            String perms = string(m, "CgroupPermissions");
            if (host.isEmpty()) throw new InvalidArgumentException("invalid device mapping (--device): no host path");
            if (ctr.isEmpty()) ctr = host;
            if (perms.isEmpty()) perms = "rwm";
            if (!host.startsWith("/") || !ctr.startsWith("/")) {
                throw new InvalidArgumentException("invalid device mapping (--device) " + host + ":" + ctr
                        + ": paths must be absolute");
            }
            if (!perms.matches("[rwm]{1,3}")) {
                throw new InvalidArgumentException("invalid device mode (--device) \"" + perms
                        + "\": use letters of rwm");
            }
            out.add(new Mapping(host, ctr, perms));
        }
        return out;
    }

    /** The nodes of --device, read from the host now (so at start they are the host's current ones). */
    static List<DeviceNode> nodes(List<Object> devices) {
        List<DeviceNode> out = new ArrayList<>();
        for (Mapping m : mappings(devices)) out.addAll(nodes(m));
        return out;
    }

    /** The cgroup rules: one per --device node with its permissions, then the --device-cgroup-rule ones. */
    static List<DeviceRule> cgroupRules(List<Object> devices, List<String> rules) {
        List<DeviceRule> out = new ArrayList<>();
        for (Mapping m : mappings(devices)) {
            for (DeviceNode n : nodes(m)) out.add(new DeviceRule(true, n.type(), n.major(), n.minor(), m.permissions()));
        }
        out.addAll(rules(rules));
        return out;
    }

    static List<DeviceRule> rules(List<String> rules) {
        List<DeviceRule> out = new ArrayList<>();
        if (rules == null) return out;
        for (String r : rules) {
            Matcher m = RULE.matcher(r);
            if (!m.matches()) throw new InvalidArgumentException("invalid device cgroup format '" + r + "' (--device-cgroup-rule)");
            try {
                out.add(new DeviceRule(true, m.group(1), number(m.group(2)), number(m.group(3)), m.group(4)));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid device cgroup format '" + r + "' (--device-cgroup-rule)");
            }
        }
        return out;
    }

    private static List<DeviceNode> nodes(Mapping m) {
        Path host = Path.of(m.pathOnHost());
        try {
            if (Files.isDirectory(host)) {
                List<DeviceNode> out = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(host)) {
                    for (Path p : walk.toList()) {
                        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                        String rel = host.relativize(p).toString();
                        DeviceNode d = DeviceNode.of(p, m.pathInContainer() + "/" + rel);
                        if (d != null) out.add(d);
                    }
                }
                return out;
            }
            DeviceNode d = DeviceNode.of(host.toRealPath(), m.pathInContainer());
            if (d == null) throw gathering(m, "not a device node");
            return List.of(d);
        } catch (NoSuchFileException e) {
            throw gathering(m, "no such file or directory");
        } catch (IOException e) {
            throw gathering(m, e.getMessage());
        }
    }

    private static InvalidArgumentException gathering(Mapping m, String why) {
        return new InvalidArgumentException("error gathering device information while adding custom device \""
                + m.pathOnHost() + "\": " + why);
    }

    private static Long number(String s) {
        return s.equals("*") ? null : Long.parseLong(s);
    }

    private static String string(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (String.valueOf(e.getKey()).equalsIgnoreCase(key)) return e.getValue() == null ? "" : e.getValue().toString();
        }
        return "";
    }
}
