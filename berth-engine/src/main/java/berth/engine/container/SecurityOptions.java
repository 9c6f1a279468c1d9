package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.SeccompProfile;
import java.util.List;
import java.util.Map;

/**
 * The {@code --security-opt} values, read as dockerd reads them ({@code key=value}, or the old {@code key:value}):
 * {@code no-new-privileges[=bool]}, {@code seccomp=unconfined|builtin|<profile JSON>} (the docker CLI reads a profile
 * file and sends its content), and the no-ops this host allows truthfully: {@code apparmor=unconfined} and
 * {@code label=disable} (there is no AppArmor or SELinux here). Anything else is refused at create.
 */
final class SecurityOptions {
    static final String UNCONFINED = "unconfined";
    static final String BUILTIN = "builtin";

    private SecurityOptions() {}

    /** For "no-new-privileges" with an optional ":true"/"=true"/":false"/"=false", its value; otherwise null. */
    static Boolean noNewPrivileges(String option) {
        String name = "no-new-privileges";
        if (option.equals(name)) return true;
        if (!option.startsWith(name) || option.length() == name.length()) return null;
        char sep = option.charAt(name.length());
        if (sep != ':' && sep != '=') return null;
        return switch (option.substring(name.length() + 1)) {
            case "true" -> true;
            case "false" -> false;
            default -> null;
        };
    }

    static boolean noNewPrivileges(List<String> options) {
        boolean on = false;
        if (options != null) for (String o : options) {
            Boolean v = noNewPrivileges(o);
            if (v != null) on = v;
        }
        return on;
    }

    /** The seccomp option's value (the last one wins), or null for the default profile. */
    static String seccomp(List<String> options) {
        String value = null;
        if (options != null) for (String o : options) {
            String[] kv = split(o);
            if (kv != null && kv[0].equals("seccomp")) value = kv[1];
        }
        return value;
    }

    /** Refuses what Berth would not apply, with a message naming the option; parses a seccomp profile fully. */
    static void validate(List<String> options) {
        if (options == null) return;
        for (String o : options) {
            if (noNewPrivileges(o) != null) continue;
            String[] kv = split(o);
            if (kv == null) throw new InvalidArgumentException("invalid --security-opt: \"" + o + "\"");
            switch (kv[0]) {
                case "seccomp" -> {
                    if (!kv[1].equals(UNCONFINED) && !kv[1].equals(BUILTIN)) SeccompProfile.parse(kv[1]);
                }
                case "apparmor" -> {
                    if (!kv[1].equals(UNCONFINED)) {
                        throw new InvalidArgumentException("--security-opt apparmor=" + kv[1]
                                + ": AppArmor is not enabled on this host (only apparmor=unconfined applies)");
                    }
                }
                case "label" -> {
                    if (!kv[1].equals("disable")) {
                        throw new InvalidArgumentException("--security-opt label=" + kv[1]
                                + ": SELinux is not enabled on this host (only label=disable applies)");
                    }
                }
                default -> throw new InvalidArgumentException("invalid --security-opt: \"" + o + "\""
                        + " (supported: no-new-privileges, seccomp=, apparmor=unconfined, label=disable)");
            }
        }
    }

    /**
     * The container's seccomp filter: none when privileged or unconfined (or when the kernel has no seccomp, where
     * only the default can be asked for), else the profile given or Berth's default, for its bounding set.
     */
    static Map<String, Object> seccompFilter(List<String> options, boolean privileged, List<String> capabilities) {
        String value = seccomp(options);
        if (privileged || UNCONFINED.equals(value)) return null;
        boolean custom = value != null && !value.equals(BUILTIN);
        if (!SeccompProfile.kernelSupports()) {
            if (custom) throw new InvalidArgumentException("seccomp is not enabled in your kernel, cannot run a custom seccomp profile");
            return null;
        }
        SeccompProfile profile = custom ? SeccompProfile.parse(value) : SeccompProfile.builtin();
        return profile.toOci(capabilities, SeccompProfile.Host.current());
    }

    /** {@code key=value}, else {@code key:value} (dockerd's order); null when neither. */
    private static String[] split(String option) {
        int eq = option.indexOf('=');
        int at = eq >= 0 ? eq : option.indexOf(':');
        if (at <= 0) return null;
        return new String[] {option.substring(0, at), option.substring(at + 1)};
    }
}
