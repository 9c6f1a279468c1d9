package berth.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the OCI runtime spec (runtime-spec config.md) with Docker's defaults: its default capabilities, masked and
 * read-only paths, the standard /dev, /proc and /sys mounts, and its own PID, mount, UTS, IPC and network namespaces
 * (runc brings up "lo" in a new network namespace), then what the container's {@link Isolation} asks for (seccomp,
 * shared namespaces, devices, tmpfs, sysctls). Only the rlimits given with --ulimit: raising one above the daemon's
 * hard limit fails, and omitting them makes the container inherit (ENVIRONMENT.md).
 */
public final class OciSpecBuilder {
    public static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private OciSpecBuilder() {}

    public static Map<String, Object> build(ProcessSpec p) {
        return build(p, CgroupResources.NONE);
    }

    /** With the container's cgroup limits in linux.resources, beside the device rules. */
    public static Map<String, Object> build(ProcessSpec p, CgroupResources limits) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", p.terminal());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", p.uid());
        user.put("gid", p.gid());
        if (!p.additionalGids().isEmpty()) user.put("additionalGids", p.additionalGids());
        process.put("user", user);
        Confinement c = p.confinement();
        process.put("args", args(p));
        process.put("env", p.env());
        process.put("cwd", p.cwd());
        Map<String, Object> caps = new LinkedHashMap<>();
        for (String set : List.of("bounding", "effective", "permitted")) caps.put(set, c.capabilities());
        process.put("capabilities", caps);
        process.put("noNewPrivileges", c.noNewPrivileges());
        process.put("oomScoreAdj", c.isolation().oomScoreAdj());
        List<Map<String, Object>> rlimits = IsolationSpec.rlimits(c.isolation());
        if (!rlimits.isEmpty()) process.put("rlimits", rlimits);
        spec.put("process", process);
        spec.put("root", Map.of("path", p.rootfs().toString(), "readonly", p.readonlyRootfs()));
        if (IsolationSpec.ownsUts(c.isolation())) spec.put("hostname", p.hostname());
        spec.put("mounts", mounts(p));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", IsolationSpec.namespaces(c.isolation(), c.cgroupNamespace()));
        linux.put("cgroupsPath", "/berth/" + p.id());
        // runc 1.1 reads the spec's "domainname" but does not set it; the UTS sysctl does, in the new UTS namespace
        Map<String, String> sysctls = IsolationSpec.sysctls(c.isolation(), p.domainname());
        if (!sysctls.isEmpty()) linux.put("sysctl", sysctls);
        List<Map<String, Object>> devices = IsolationSpec.devices(c);
        if (!devices.isEmpty()) linux.put("devices", devices);
        Map<String, Object> resources = new LinkedHashMap<>(limits.toOci());
        resources.put("devices", IsolationSpec.deviceCgroup(c));
        linux.put("resources", resources);
        String rootPropagation = rootfsPropagation(p.binds());
        if (rootPropagation != null) linux.put("rootfsPropagation", rootPropagation);
        linux.put("maskedPaths", c.maskedPaths() == null ? List.of() : c.maskedPaths());
        linux.put("readonlyPaths", c.readonlyPaths() == null ? List.of() : c.readonlyPaths());
        if (c.isolation().seccomp() != null) linux.put("seccomp", c.isolation().seccomp());
        spec.put("linux", linux);
        if (c.annotations() != null && !c.annotations().isEmpty()) spec.put("annotations", c.annotations());
        return spec;
    }

    /**
     * Points the spec's network namespace at {@code path} (a namespace set up for the container, or another
     * container's), or, with null, drops it so that the container shares the host's network.
     */
    @SuppressWarnings("unchecked") // the spec's own maps and lists, as build() made them
    public static void joinNetworkNamespace(Map<String, Object> spec, java.nio.file.Path path) {
        List<Map<String, Object>> namespaces = (List<Map<String, Object>>) ((Map<String, Object>) spec.get("linux")).get("namespaces");
        namespaces.removeIf(n -> "network".equals(n.get("type")));
        if (path != null) namespaces.add(Map.of("type", "network", "path", path.toString()));
    }

    /** With an init, it is pid 1 and runs the command after "--", as Docker's docker-init (tini) does. */
    private static List<String> args(ProcessSpec p) {
        if (p.confinement().initBinary() == null) return p.args();
        List<String> args = new ArrayList<>();
        args.add(Confinement.INIT_PATH);
        args.add("--");
        args.addAll(p.args());
        return args;
    }

    private static List<Map<String, Object>> mounts(ProcessSpec p) {
        List<Map<String, Object>> m = new ArrayList<>();
        m.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        m.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        m.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        Confinement c = p.confinement();
        String sys = c.privileged() ? "rw" : "ro";
        m.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sys)));
        m.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of(sys, "nosuid", "noexec", "nodev")));
        m.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        Map<String, Object> shm = IsolationSpec.shm(c.isolation(), c.shmSize());
        if (shm != null) m.add(shm);
        m.add(bind("/etc/resolv.conf", p.resolvConfFile().toString()));
        m.add(bind("/etc/hostname", p.hostnameFile().toString()));
        m.add(bind("/etc/hosts", p.hostsFile().toString()));
        if (c.initBinary() != null) {
            m.add(mount(Confinement.INIT_PATH, "bind", c.initBinary().toString(), List.of("bind", "ro")));
        }
        // the user's mounts, parents before children (a tmpfs under a volume's destination goes on top of it)
        List<Map<String, Object>> user = new ArrayList<>(IsolationSpec.tmpfs(c.isolation()));
        for (BindMount b : p.binds()) user.add(mount(b.destination(), b.type(), b.source(), b.options()));
        user.sort(java.util.Comparator.comparingInt(u -> depth((String) u.get("destination"))));
        m.addAll(user);
        return m;
    }

    private static int depth(String path) {
        int n = 0;
        for (String part : path.split("/")) if (!part.isEmpty()) n++;
        return n;
    }

    /**
     * A bind with shared or slave propagation only propagates if the container's root does too (moby sets
     * rootfsPropagation the same way); null leaves runc's default.
     */
    static String rootfsPropagation(List<BindMount> binds) {
        String out = null;
        for (BindMount b : binds) {
            for (String o : b.options()) {
                if (o.equals("shared") || o.equals("rshared")) return "shared";
                if (o.equals("slave") || o.equals("rslave")) out = "rslave";
            }
        }
        return out;
    }

    static Map<String, Object> mount(String dest, String type, String source, List<String> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", dest);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }

    private static Map<String, Object> bind(String dest, String source) {
        return mount(dest, "bind", source, List.of("rbind", "rprivate"));
    }
}
