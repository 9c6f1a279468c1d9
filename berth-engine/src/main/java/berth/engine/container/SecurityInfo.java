package berth.engine.container;

import berth.engine.runtime.SeccompProfile;
import java.util.List;

/** What {@code info} reports as SecurityOptions: the confinement every container gets unless it asks otherwise. */
public final class SecurityInfo {
    private SecurityInfo() {}

    /**
     * The builtin seccomp profile when the kernel has seccomp. No AppArmor, SELinux label or user namespace; a cgroup
     * namespace only on request (the default CgroupnsMode is "host", HostConfigDefaults), so no "name=cgroupns".
     */
    public static List<String> defaults() {
        return SeccompProfile.kernelSupports() ? List.of("name=seccomp,profile=" + SecurityOptions.BUILTIN) : List.of();
    }
}
