package berth.engine.container;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI process of an exec, as moby builds it: the container's own process from its config.json (capabilities,
 * no-new-privileges, rlimits, AppArmor: the same confinement), with the exec's command, environment, working
 * directory, terminal and user; {@code --privileged} widens the capabilities to all. The seccomp profile is the
 * container's, applied by runc to every process it runs in the container.
 */
final class ExecProcessSpecs {
    private ExecProcessSpecs() {}

    /** {@code containerProcess}: the process of the container's config.json (a copy this may change). */
    static Map<String, Object> process(ContainerRecord r, ContainerLayout l, Map<String, Object> containerProcess,
                                       Exec exec, TerminalSize size) throws IOException {
        Map<String, Object> process = new LinkedHashMap<>(containerProcess);
        process.put("terminal", exec.tty());
        if (exec.tty() && size != null) {
            process.put("consoleSize", Map.of("height", size.height(), "width", size.width()));
        } else {
            process.remove("consoleSize");
        }
        process.put("args", exec.command());
        process.put("env", exec.env());
        process.put("cwd", exec.workingDir().isEmpty() ? "/" : exec.workingDir());
        UserResolver.Ids ids = UserResolver.resolve(exec.user(), r.hostConfig().groupAdd(), l.rootfs());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", ids.uid());
        user.put("gid", ids.gid());
        if (!ids.additionalGids().isEmpty()) user.put("additionalGids", ids.additionalGids());
        process.put("user", user);
        if (exec.privileged()) {
            List<String> all = Capabilities.of(null, null, true);
            Map<String, Object> caps = new LinkedHashMap<>();
            for (String set : List.of("bounding", "effective", "permitted")) caps.put(set, all);
            process.put("capabilities", caps);
        }
        return process;
    }

    /**
     * moby's CreateDaemonEnvironment with the exec's TTY, then ReplaceOrAppendEnvValues with the exec's variables:
     * one given as NAME=value replaces the container's NAME, one given as a bare NAME removes it.
     */
    static List<String> env(ContainerRecord r, boolean tty, List<String> execEnv) {
        List<String> env = new ArrayList<>(ProcessSpecs.env(r));
        boolean configuredTerm = r.config().env() != null
                && r.config().env().stream().anyMatch(e -> e.equals("TERM") || e.startsWith("TERM="));
        if (!configuredTerm) {
            env.remove("TERM=xterm");
            if (tty) env.add(Math.min(2, env.size()), "TERM=xterm");
        }
        for (String e : execEnv == null ? List.<String>of() : execEnv) {
            int eq = e.indexOf('=');
            String name = eq < 0 ? e : e.substring(0, eq);
            int at = -1;
            for (int i = 0; i < env.size(); i++) {
                String have = env.get(i);
                if (have.equals(name) || have.startsWith(name + "=")) {
                    at = i;
                    break;
                }
            }
            if (eq < 0) {
                if (at >= 0) env.remove(at);
            } else if (at >= 0) {
                env.set(at, e);
            } else {
                env.add(e);
            }
        }
        return env;
    }
}
