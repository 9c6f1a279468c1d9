package berth.engine.runtime;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A seccomp profile in Docker's JSON format (what {@code --security-opt seccomp=<file>} sends, and the form Berth's
 * own {@link BuiltinSeccomp} is written in), turned into the OCI spec's {@code linux.seccomp} for one container.
 *
 * <p>Docker's format has rules that apply only on some architectures ({@code includes/excludes.arches}), to
 * containers holding some capabilities ({@code includes/excludes.caps}, compared with the bounding set) or on a
 * kernel at least as new as {@code minKernel}; {@code archMap} lists the architectures per native one. The OCI form
 * has none of that: the conversion keeps the rules that apply here and drops the others, as dockerd does.
 *
 * <p>{@link #parse} checks everything runc 1.1 would refuse (unknown actions, operators, architectures, flags), so
 * that a bad profile is refused at create rather than at start.
 */
public final class SeccompProfile {
    static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    static final Set<String> ARCHITECTURES = Set.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
            "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
            "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
            "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_RISCV64");
    static final Set<String> FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW");

    /** Where this machine stands: its architecture in Go's naming (as profiles name it) and its kernel version. */
    public record Host(String goArch, int kernelMajor, int kernelMinor) {
        public static Host current() {
            return new Host(SeccompProfile.goArch(System.getProperty("os.arch")), kernel(System.getProperty("os.version"))[0],
                    kernel(System.getProperty("os.version"))[1]);
        }

        String seccompArch() {
            return switch (goArch) {
                case "amd64" -> "SCMP_ARCH_X86_64";
                case "386" -> "SCMP_ARCH_X86";
                case "arm64" -> "SCMP_ARCH_AARCH64";
                case "arm" -> "SCMP_ARCH_ARM";
                case "ppc64le" -> "SCMP_ARCH_PPC64LE";
                case "s390x" -> "SCMP_ARCH_S390X";
                case "riscv64" -> "SCMP_ARCH_RISCV64";
                default -> null;
            };
        }

        /** Profiles say "x86" for 32-bit Intel, where Go says "386". */
        String profileArch() {
            return goArch.equals("386") ? "x86" : goArch;
        }

        boolean kernelAtLeast(int[] version) {
            return kernelMajor != version[0] ? kernelMajor > version[0] : kernelMinor >= version[1];
        }
    }

    private final JsonNode profile;

    private SeccompProfile(JsonNode profile) {
        this.profile = profile;
    }

    /** Parses and checks a profile; the message names {@code --security-opt} and says what is wrong. */
    public static SeccompProfile parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw invalid("it is not a JSON object");
        SeccompProfile p = new SeccompProfile(root);
        p.check();
        return p;
    }

    /** Berth's default profile, for containers without a seccomp option. */
    public static SeccompProfile builtin() {
        return new SeccompProfile(BuiltinSeccomp.PROFILE);
    }

    private static volatile Boolean kernelSupports;

    /** Whether this kernel filters system calls with seccomp (/proc/self/status has a Seccomp line); read once. */
    public static boolean kernelSupports() {
        Boolean known = kernelSupports;
        if (known == null) kernelSupports = known = readKernelSupport();
        return known;
    }

    private static boolean readKernelSupport() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.startsWith("Seccomp:"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The OCI {@code linux.seccomp} for a container whose bounding set is {@code capabilities}. */
    public Map<String, Object> toOci(List<String> capabilities, Host host) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("defaultAction", text(profile, "defaultAction"));
        JsonNode errno = field(profile, "defaultErrnoRet");
        if (present(errno)) out.put("defaultErrnoRet", errno.longValue());
        List<String> arches = new ArrayList<>();
        for (JsonNode a : array(profile, "architectures")) arches.add(a.asText());
        String native_ = host.seccompArch();
        for (JsonNode m : array(profile, "archMap")) {
            if (native_ != null && native_.equals(text(m, "architecture"))) {
                arches.add(native_);
                for (JsonNode sub : array(m, "subArchitectures")) arches.add(sub.asText());
            }
        }
        if (!arches.isEmpty()) out.put("architectures", arches);
        List<String> flags = new ArrayList<>();
        for (JsonNode f : array(profile, "flags")) flags.add(f.asText());
        if (!flags.isEmpty()) out.put("flags", flags);
        String listener = text(profile, "listenerPath");
        if (listener != null && !listener.isEmpty()) out.put("listenerPath", listener);
        String metadata = text(profile, "listenerMetadata");
        if (metadata != null && !metadata.isEmpty()) out.put("listenerMetadata", metadata);
        List<Map<String, Object>> syscalls = new ArrayList<>();
        for (JsonNode rule : array(profile, "syscalls")) {
            if (applies(rule, capabilities, host)) syscalls.add(syscall(rule));
        }
        if (!syscalls.isEmpty()) out.put("syscalls", syscalls);
        return out;
    }

    private static boolean applies(JsonNode rule, List<String> caps, Host host) {
        JsonNode ex = field(rule, "excludes");
        if (present(ex)) {
            if (contains(array(ex, "arches"), host.profileArch())) return false;
            for (JsonNode c : array(ex, "caps")) if (caps.contains(c.asText())) return false;
            String min = text(ex, "minKernel");
            if (min != null && !min.isEmpty() && host.kernelAtLeast(kernelVersion(min))) return false;
        }
        JsonNode in = field(rule, "includes");
        if (present(in)) {
            List<JsonNode> arches = array(in, "arches");
            if (!arches.isEmpty() && !contains(arches, host.profileArch())) return false;
            for (JsonNode c : array(in, "caps")) if (!caps.contains(c.asText())) return false;
            String min = text(in, "minKernel");
            if (min != null && !min.isEmpty() && !host.kernelAtLeast(kernelVersion(min))) return false;
        }
        return true;
    }

    private static Map<String, Object> syscall(JsonNode rule) {
        Map<String, Object> s = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        String single = text(rule, "name");
        if (single != null && !single.isEmpty()) names.add(single);
        for (JsonNode n : array(rule, "names")) names.add(n.asText());
        s.put("names", names);
        s.put("action", text(rule, "action"));
        JsonNode errno = field(rule, "errnoRet");
        if (present(errno)) s.put("errnoRet", errno.longValue());
        List<Map<String, Object>> args = new ArrayList<>();
        for (JsonNode a : array(rule, "args")) {
            Map<String, Object> arg = new LinkedHashMap<>();
            arg.put("index", field(a, "index").intValue());
            arg.put("value", number(field(a, "value")));
            arg.put("valueTwo", number(field(a, "valueTwo")));
            arg.put("op", text(a, "op"));
            args.add(arg);
        }
        if (!args.isEmpty()) s.put("args", args);
        return s;
    }

    // ---- checks ----

    private void check() {
        String action = text(profile, "defaultAction");
        if (action == null || action.isEmpty()) throw invalid("defaultAction is missing");
        checkAction(action, "defaultAction");
        checkErrno(field(profile, "defaultErrnoRet"), "defaultErrnoRet");
        if (!array(profile, "architectures").isEmpty() && !array(profile, "archMap").isEmpty()) {
            throw invalid("both 'architectures' and 'archMap' are specified, use either 'architectures' or 'archMap'");
        }
        for (JsonNode a : array(profile, "architectures")) checkArch(a);
        for (JsonNode m : array(profile, "archMap")) {
            checkArch(field(m, "architecture"));
            for (JsonNode sub : array(m, "subArchitectures")) checkArch(sub);
        }
        for (JsonNode f : array(profile, "flags")) {
            if (!f.isTextual() || !FLAGS.contains(f.asText())) throw invalid("unknown flag " + f);
        }
        int i = 0;
        for (JsonNode rule : array(profile, "syscalls")) checkRule(rule, "syscalls[" + i++ + "]");
    }

    private static void checkRule(JsonNode rule, String where) {
        if (!rule.isObject()) throw invalid(where + " is not an object");
        String single = text(rule, "name");
        List<JsonNode> names = array(rule, "names");
        if (single != null && !single.isEmpty() && !names.isEmpty()) throw invalid(where + ": use either 'name' or 'names'");
        if ((single == null || single.isEmpty()) && names.isEmpty()) throw invalid(where + " names no system call");
        for (JsonNode n : names) if (!n.isTextual() || n.asText().isEmpty()) throw invalid(where + ": bad name " + n);
        String action = text(rule, "action");
        if (action == null || action.isEmpty()) throw invalid(where + " has no action");
        checkAction(action, where + ".action");
        checkErrno(field(rule, "errnoRet"), where + ".errnoRet");
        int j = 0;
        for (JsonNode a : array(rule, "args")) {
            String at = where + ".args[" + j++ + "]";
            JsonNode index = field(a, "index");
            if (!present(index) || !index.canConvertToInt() || index.intValue() < 0 || index.intValue() > 5) {
                throw invalid(at + ".index must be 0 to 5");
            }
            checkUnsigned(field(a, "value"), at + ".value");
            checkUnsigned(field(a, "valueTwo"), at + ".valueTwo");
            String op = text(a, "op");
            if (op == null || !OPERATORS.contains(op)) throw invalid(at + ": unknown operator " + field(a, "op"));
        }
        for (String filter : List.of("includes", "excludes")) {
            JsonNode f = field(rule, filter);
            if (!present(f)) continue;
            String min = text(f, "minKernel");
            if (min != null && !min.isEmpty()) {
                try {
                    kernelVersion(min);
                } catch (IllegalArgumentException e) {
                    throw invalid(where + "." + filter + ".minKernel: invalid kernel version \"" + min + "\"");
                }
            }
        }
    }

    private static void checkAction(String action, String where) {
        if (!ACTIONS.contains(action)) throw invalid(where + ": unknown action " + action);
    }

    private static void checkErrno(JsonNode n, String where) {
        if (present(n) && (!n.canConvertToInt() || n.intValue() < 0)) throw invalid(where + " must be an errno number");
    }

    private static void checkUnsigned(JsonNode n, String where) {
        if (present(n) && (!n.isIntegralNumber() || n.bigIntegerValue().signum() < 0
                || n.bigIntegerValue().bitLength() > 64)) {
            throw invalid(where + " must be an unsigned 64-bit number");
        }
    }

    private static void checkArch(JsonNode a) {
        if (a == null || !a.isTextual() || !ARCHITECTURES.contains(a.asText())) throw invalid("unknown architecture " + a);
    }

    private static InvalidArgumentException invalid(String why) {
        return new InvalidArgumentException("invalid seccomp profile (--security-opt seccomp=...): " + why);
    }

    // ---- JSON helpers: Go's encoding/json matches keys case-insensitively ----

    private static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) return null;
        JsonNode exact = object.get(name);
        if (exact != null) return exact;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) return object.get(k);
        }
        return null;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String text(JsonNode object, String name) {
        JsonNode n = field(object, name);
        return present(n) ? n.asText() : null;
    }

    private static List<JsonNode> array(JsonNode object, String name) {
        JsonNode n = field(object, name);
        List<JsonNode> out = new ArrayList<>();
        if (present(n) && n.isArray()) n.forEach(out::add);
        else if (present(n)) throw invalid(name + " must be a list");
        return out;
    }

    private static boolean contains(List<JsonNode> values, String s) {
        for (JsonNode v : values) if (v.asText().equals(s)) return true;
        return false;
    }

    private static Object number(JsonNode n) {
        if (!present(n)) return 0;
        return n.isBigInteger() ? n.bigIntegerValue() : (Object) n.longValue();
    }

    /** "4.8" (or "4.8.0-rc1") as major and minor. */
    static int[] kernelVersion(String v) {
        String[] parts = v.split("[.-]");
        if (parts.length < 2) throw new IllegalArgumentException(v);
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(v, e);
        }
    }

    private static int[] kernel(String osVersion) {
        try {
            return kernelVersion(osVersion);
        } catch (IllegalArgumentException e) {
            return new int[] {0, 0};
        }
    }

    private static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
    }
}
