package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --sysctl}: only the kernel settings that live in a namespace of the container's own, as Docker allows them
 * (the IPC ones kernel.msg*, kernel.sem, kernel.shm* and fs.mqueue.*, and net.*), and only where that namespace is
 * the container's: not IPC ones with {@code --ipc host}, not net.* with {@code --network host} or a shared network.
 * A name this kernel does not have is refused too, so that nothing fails at start.
 */
final class Sysctls {
    private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private Sysctls() {}

    static Map<String, String> of(Map<String, String> sysctls, String ipcMode, String networkMode) {
        return of(sysctls, ipcMode, networkMode, Path.of("/proc/sys"));
    }

    static Map<String, String> of(Map<String, String> sysctls, String ipcMode, String networkMode, Path procSys) {
        Map<String, String> out = new LinkedHashMap<>();
        if (sysctls == null) return out;
        for (Map.Entry<String, String> e : sysctls.entrySet()) {
            String key = e.getKey();
            boolean ipc = IPC.contains(key) || key.startsWith("fs.mqueue.");
            boolean net = key.startsWith("net.");
            if (!ipc && !net) {
                throw refused(key, "is not allowed: only namespaced ones are (kernel.msg*, kernel.sem, kernel.shm*, "
                        + "fs.mqueue.*, net.*)");
            }
            if (ipc && "host".equals(ipcMode)) throw refused(key, "is not allowed in the host's IPC namespace (--ipc host)");
            if (net && networkMode != null && (networkMode.equals("host") || networkMode.startsWith("container:"))) {
                throw refused(key, "is not allowed with --network " + networkMode + ": the network namespace is not the container's own");
            }
            if (!exists(procSys, key)) throw refused(key, "is not known to this kernel");
            out.put(key, e.getValue());
        }
        return out;
    }

    /**
     * Whether /proc/sys has the key. A per-interface net setting (net.ipv4.conf.eth0.x) may name an interface the
     * host lacks but the container will have: it counts as known when the "default" interface has it.
     */
    private static boolean exists(Path procSys, String key) {
        String[] parts = key.split("\\.");
        for (String p : parts) if (p.isEmpty() || p.equals("..")) return false;
        if (Files.exists(procSys.resolve(String.join("/", parts)))) return true;
        if (parts.length >= 5 && parts[0].equals("net") && (parts[2].equals("conf") || parts[2].equals("neigh"))) {
            parts[3] = "default";
            return Files.exists(procSys.resolve(String.join("/", parts)));
        }
        return false;
    }

    private static InvalidArgumentException refused(String key, String why) {
        return new InvalidArgumentException("invalid --sysctl: sysctl '" + key + "' " + why);
    }
}
