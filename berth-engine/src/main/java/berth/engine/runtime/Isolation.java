package berth.engine.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a container shares with the host or other containers and what the kernel enforces on it, beyond
 * {@link Confinement}'s capabilities and paths: the seccomp filter ({@code null}: none), the PID, IPC and UTS
 * namespaces, how /dev/shm is provided, device nodes and the device cgroup's rules, tmpfs mounts, rlimits, namespaced
 * sysctls and the OOM score adjustment.
 */
public record Isolation(Map<String, Object> seccomp, Namespace pid, Namespace ipc, Namespace uts, Shm shm,
                        List<DeviceNode> devices, List<DeviceRule> deviceRules, List<TmpfsMount> tmpfs,
                        List<Rlimit> rlimits, Map<String, String> sysctls, int oomScoreAdj) {

    /** A namespace of the container: its own new one, the host's (none in the spec), or one to join by path. */
    public record Namespace(Kind kind, String path) {
        public enum Kind { PRIVATE, HOST, JOIN }

        public static final Namespace PRIVATE = new Namespace(Kind.PRIVATE, null);
        public static final Namespace HOST = new Namespace(Kind.HOST, null);

        public static Namespace join(String path) {
            return new Namespace(Kind.JOIN, path);
        }
    }

    /**
     * /dev/shm: a private tmpfs of the confinement's size ({@code source} null), none at all ({@code --ipc none}), or
     * a bind of a directory shared with the host or another container.
     */
    public record Shm(boolean none, String source) {
        public static final Shm PRIVATE = new Shm(false, null);
        public static final Shm NONE = new Shm(true, null);

        public static Shm bind(String source) {
            return new Shm(false, source);
        }
    }

    /** A tmpfs at {@code destination} with mount options (Docker's defaults merged with the user's). */
    public record TmpfsMount(String destination, List<String> options) {}

    /** An OCI rlimit: {@code type} is "RLIMIT_NOFILE" etc. */
    public record Rlimit(String type, long soft, long hard) {}

    /** Docker's defaults: seccomp as given, every namespace private, a private /dev/shm, nothing else. */
    public static Isolation defaults(Map<String, Object> seccomp) {
        return new Isolation(seccomp, Namespace.PRIVATE, Namespace.PRIVATE, Namespace.PRIVATE, Shm.PRIVATE, List.of(),
                List.of(), List.of(), List.of(), Map.of(), 0);
    }
}
