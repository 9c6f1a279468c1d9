package berth.engine.container;

import berth.api.model.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the image's config into a create request the way moby's daemon/create.go merge() does. */
final class ConfigMerger {
    private ConfigMerger() {}

    static ContainerConfig merge(ContainerConfig user, ContainerConfig image, String imageName, String hostname) {
        List<String> entrypoint = user.entrypoint();
        List<String> cmd = user.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (cmd == null || cmd.isEmpty()) cmd = image.cmd();
            if (entrypoint == null) entrypoint = image.entrypoint();
        }
        if (entrypoint != null && entrypoint.size() == 1 && entrypoint.getFirst().isEmpty()) entrypoint = null;
        return new ContainerConfig(
                empty(user.hostname()) ? hostname : user.hostname(),
                nz(user.domainname()),
                empty(user.user()) ? nz(image.user()) : user.user(),
                bool(user.attachStdin()), bool(user.attachStdout()), bool(user.attachStderr()),
                union(image.exposedPorts(), user.exposedPorts()),
                bool(user.tty()), bool(user.openStdin()), bool(user.stdinOnce()),
                env(user.env(), image.env()),
                cmd, imageName,
                union(image.volumes(), user.volumes()),
                empty(user.workingDir()) ? nz(image.workingDir()) : user.workingDir(),
                entrypoint,
                user.onBuild() != null ? user.onBuild() : image.onBuild(),
                labels(image.labels(), user.labels()),
                empty(user.stopSignal()) ? image.stopSignal() : user.stopSignal(),
                user.stopTimeout(), user.shell() != null ? user.shell() : image.shell(),
                HealthSpec.merge(user.healthcheck(), image.healthcheck()));
    }

    /** Path and Args of inspect: the entrypoint and command joined. */
    static List<String> command(ContainerConfig merged) {
        List<String> all = new ArrayList<>();
        if (merged.entrypoint() != null) all.addAll(merged.entrypoint());
        if (merged.cmd() != null) all.addAll(merged.cmd());
        if (all.isEmpty()) throw new berth.api.errors.InvalidArgumentException("no command specified");
        return all;
    }

    /** User variables first; image variables that the user did not set follow. */
    private static List<String> env(List<String> user, List<String> image) {
        List<String> out = new ArrayList<>(user == null ? List.of() : user);
        if (image != null) {
            for (String e : image) {
                String key = e.contains("=") ? e.substring(0, e.indexOf('=')) : e;
                boolean set = out.stream().anyMatch(u -> u.equals(key) || u.startsWith(key + "="));
                if (!set) out.add(e);
            }
        }
        return out;
    }

    private static Map<String, String> labels(Map<String, String> image, Map<String, String> user) {
        Map<String, String> out = new LinkedHashMap<>();
        if (image != null) out.putAll(image);
        if (user != null) out.putAll(user);
        return out;
    }

    private static Map<String, Object> union(Map<String, Object> a, Map<String, Object> b) {
        if ((a == null || a.isEmpty()) && (b == null || b.isEmpty())) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        if (a != null) out.putAll(a);
        if (b != null) out.putAll(b);
        return out;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Boolean bool(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
