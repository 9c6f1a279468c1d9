package berth.engine.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of the OCI spec that come from a container's {@link Isolation}; {@link OciSpecBuilder} places them. */
final class IsolationSpec {
    private IsolationSpec() {}

    /** The namespaces runc creates or joins: the host's ones are left out, so that the container shares them. */
    static List<Map<String, Object>> namespaces(Isolation i, boolean cgroupNamespace) {
        List<Map<String, Object>> out = new ArrayList<>();
        add(out, "pid", i.pid());
        add(out, "ipc", i.ipc());
        add(out, "uts", i.uts());
        out.add(Map.of("type", "mount"));
        out.add(Map.of("type", "network"));
        if (cgroupNamespace) out.add(Map.of("type", "cgroup"));
        return out;
    }

    private static void add(List<Map<String, Object>> out, String type, Isolation.Namespace ns) {
        switch (ns.kind()) {
            case PRIVATE -> out.add(Map.of("type", type));
            case JOIN -> out.add(Map.of("type", type, "path", ns.path()));
            case HOST -> { }
        }
    }

    /** A hostname can only be set in a UTS namespace of the container's own. */
    static boolean ownsUts(Isolation i) {
        return i.uts().kind() == Isolation.Namespace.Kind.PRIVATE;
    }

    /** /dev/shm as the IPC mode wants it; null for none. */
    static Map<String, Object> shm(Isolation i, long size) {
        if (i.shm().none()) return null;
        if (i.shm().source() != null) {
            return OciSpecBuilder.mount("/dev/shm", "bind", i.shm().source(), List.of("rbind", "rprivate"));
        }
        return OciSpecBuilder.mount("/dev/shm", "tmpfs", "shm",
                List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + size));
    }

    static List<Map<String, Object>> tmpfs(Isolation i) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Isolation.TmpfsMount t : i.tmpfs()) out.add(OciSpecBuilder.mount(t.destination(), "tmpfs", "tmpfs", t.options()));
        return out;
    }

    static List<Map<String, Object>> rlimits(Isolation i) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Isolation.Rlimit r : i.rlimits()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.put("hard", r.hard());
            m.put("soft", r.soft());
            out.add(m);
        }
        return out;
    }

    /** Privileged: every host device node. Otherwise the nodes asked for with --device (runc adds the standard ones). */
    static List<Map<String, Object>> devices(Confinement c) {
        if (c.privileged()) return HostDevices.under(Path.of("/dev"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeviceNode d : c.isolation().devices()) out.add(d.toOci());
        return out;
    }

    /** Privileged: everything allowed. Otherwise Docker's defaults, then the rules of --device and --device-cgroup-rule. */
    static List<Map<String, Object>> deviceCgroup(Confinement c) {
        if (c.privileged()) return List.of(Map.of("allow", true, "access", "rwm"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeviceRule r : DeviceRule.DOCKER_DEFAULTS) out.add(r.toOci());
        for (DeviceRule r : c.isolation().deviceRules()) out.add(r.toOci());
        return out;
    }

    /** The namespaced sysctls, with the domain name (runc 1.1 sets it only through its sysctl). */
    static Map<String, String> sysctls(Isolation i, String domainname) {
        Map<String, String> out = new LinkedHashMap<>(i.sysctls());
        if (domainname != null && !domainname.isEmpty() && ownsUts(i)) out.put("kernel.domainname", domainname);
        return out;
    }
}
