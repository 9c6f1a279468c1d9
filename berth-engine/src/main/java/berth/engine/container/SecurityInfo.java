package berth.engine.container;

import berth.engine.runtime.SeccompProfile;
import java.util.ArrayList;
import java.util.List;

/** What {@code info} reports as SecurityOptions: the confinement every container gets unless it asks otherwise. */
public final class SecurityInfo {
    private SecurityInfo() {}

    /**
     * The builtin seccomp profile when the kernel has seccomp, and "name=cgroupns" when containers get a cgroup
     * namespace of their own by default (HostConfigDefaults). No AppArmor, SELinux label or user namespace.
     */
    public static List<String> defaults() {
        List<String> out = new ArrayList<>();
        if (SeccompProfile.kernelSupports()) out.add("name=seccomp,profile=" + SecurityOptions.BUILTIN);
        if ("private".equals(HostConfigDefaults.CGROUPNS_DEFAULT)) out.add("name=cgroupns");
        return List.copyOf(out);
    }
}
