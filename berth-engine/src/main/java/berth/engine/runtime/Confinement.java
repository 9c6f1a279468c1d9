package berth.engine.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How far a container is shut in: its capabilities, the /proc and /sys paths hidden or made read-only, whether it is
 * privileged (writable /sys and cgroup tree, every device allowed), no-new-privileges, a private cgroup namespace,
 * the size of /dev/shm, an init process bind-mounted from the host ({@code initBinary}, null for none), the OCI
 * annotations passed to the runtime, and the rest of its {@link Isolation} (seccomp, shared namespaces, devices).
 */
public record Confinement(List<String> capabilities, boolean privileged, List<String> maskedPaths,
                          List<String> readonlyPaths, boolean noNewPrivileges, boolean cgroupNamespace, long shmSize,
                          Path initBinary, Map<String, String> annotations, Isolation isolation) {

    /** Docker's /dev/shm size when --shm-size is not given. */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    /** Where Docker mounts its init binary, so that ps shows the same pid 1. */
    public static final String INIT_PATH = "/sbin/docker-init";

    /** Without seccomp, shared namespaces, devices, tmpfs, rlimits or sysctls. */
    public Confinement(List<String> capabilities, boolean privileged, List<String> maskedPaths, List<String> readonlyPaths,
                       boolean noNewPrivileges, boolean cgroupNamespace, long shmSize, Path initBinary,
                       Map<String, String> annotations) {
        this(capabilities, privileged, maskedPaths, readonlyPaths, noNewPrivileges, cgroupNamespace, shmSize, initBinary,
                annotations, Isolation.defaults(null));
    }

    public static Confinement defaults() {
        return new Confinement(OciSpecBuilder.DEFAULT_CAPABILITIES, false, OciSpecBuilder.MASKED_PATHS,
                OciSpecBuilder.READONLY_PATHS, false, false, DEFAULT_SHM_SIZE, null, Map.of());
    }
}
