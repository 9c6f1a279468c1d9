package berth.engine.container;

/** The {@code --security-opt} values Berth applies. Only no-new-privileges for now; seccomp and AppArmor come later. */
final class SecurityOptions {
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

    static boolean noNewPrivileges(java.util.List<String> options) {
        boolean on = false;
        if (options != null) for (String o : options) {
            Boolean v = noNewPrivileges(o);
            if (v != null) on = v;
        }
        return on;
    }
}
