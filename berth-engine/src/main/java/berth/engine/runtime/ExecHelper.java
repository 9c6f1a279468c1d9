package berth.engine.runtime;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * berth-exec (berth-engine/src/main/c/berth-exec.c), the fast way into a running container: it joins the container's
 * namespaces and cgroups and applies the process's user, groups, capabilities, no_new_privs, rlimits and the very
 * seccomp program runc loaded into the container's first process, in runc's order, then execs. A few ms instead of
 * runc exec's ~100 (two Go runtime starts, the state read, the seccomp profile compiled by libseccomp every time).
 *
 * <p>It only takes processes whose every setting it applies exactly as runc would; anything else (a terminal, a user
 * namespace, AppArmor or SELinux labels, seccomp notify or flags, a personality, ...) gets an empty answer from
 * {@link #command}, and the caller runs {@code runc exec}. What it learns per run of a container (the init process,
 * the cgroup paths from runc's state, the seccomp program) is kept until runc's state changes.
 */
public final class ExecHelper {
    /** The kernel's capability numbers, in order. */
    private static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
    private static final List<String> RLIMITS = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");
    /** The OCI namespace types it joins, in runc's order, as /proc/PID/ns names. */
    private static final List<Map.Entry<String, String>> NAMESPACES = List.of(Map.entry("ipc", "ipc"),
            Map.entry("uts", "uts"), Map.entry("network", "net"), Map.entry("pid", "pid"), Map.entry("mount", "mnt"),
            Map.entry("cgroup", "cgroup"));
    private static final Set<String> PROCESS_KEYS = Set.of("terminal", "user", "args", "env", "cwd", "capabilities",
            "noNewPrivileges", "oomScoreAdj", "rlimits");
    private static final Set<String> USER_KEYS = Set.of("uid", "gid", "additionalGids");
    private static final List<Map.Entry<String, String>> CAPABILITY_FLAGS = List.of(
            Map.entry("bounding", "--cap-bnd"), Map.entry("effective", "--cap-eff"),
            Map.entry("permitted", "--cap-prm"), Map.entry("inheritable", "--cap-inh"),
            Map.entry("ambient", "--cap-amb"));
    private static final Set<String> CAPABILITY_SETS = Set.of("bounding", "effective", "permitted", "inheritable",
            "ambient");
    private static final Set<String> SECCOMP_KEYS = Set.of("defaultAction", "defaultErrnoRet", "architectures",
            "syscalls");

    private final Path binary;
    private final Runc runc;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    /** {@code binary}: berth-exec, or null to always answer "use runc". */
    public ExecHelper(Path binary, Runc runc) {
        this.binary = binary;
        this.runc = runc;
    }

    /**
     * Where berth-exec is: $BERTH_EXEC_HELPER, else beside berthd's libraries (berth-daemon/target/native, where the
     * build compiles it); null when neither exists or it is turned off with BERTH_EXEC_HELPER=runc.
     */
    public static Path locate() {
        String configured = System.getenv("BERTH_EXEC_HELPER");
        if ("runc".equals(configured)) return null;
        if (configured != null && !configured.isEmpty()) return Files.isExecutable(Path.of(configured))
                ? Path.of(configured) : null;
        try {
            var source = ExecHelper.class.getProtectionDomain().getCodeSource();
            if (source == null) return null;
            Path jar = Path.of(source.getLocation().toURI());
            Path candidate = jar.getParent().resolveSibling("native").resolve("berth-exec");
            return Files.isExecutable(candidate) ? candidate : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** What the helper needs of one run of a container; {@code usable} false when only runc can exec into it. */
    private record Target(long stateModified, boolean usable, long pid, long startTime, List<String> namespaces,
                          List<String> cgroupProcs, Path seccomp, Path freezer) {}

    /**
     * The berth-exec command line that runs {@code process} in container {@code id} (bundle config {@code config}),
     * writing a failure to {@code log} and the outcome to the FIFO {@code ready} (its pid and a newline once the
     * process runs, "!" and a newline once it could not start); empty when runc must do it.
     */
    public Optional<List<String>> command(String id, Path config, Map<String, Object> process, Path ready, Path log) {
        return command(id, config, process, ready, null, log);
    }

    /**
     * The same, for a berth-exec spawned ahead of the start that waits for "g" on the FIFO {@code go} before it
     * opens anything of the container.
     */
    public Optional<List<String>> command(String id, Path config, Map<String, Object> process, Path ready, Path go,
                                          Path log) {
        if (binary == null) return Optional.empty();
        try {
            List<String> processArgs = processArguments(process);
            if (processArgs == null) return Optional.empty();
            Target t = targetOf(id, config);
            if (!t.usable() || frozen(t)) return Optional.empty();
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "run", "--pid", String.valueOf(t.pid()),
                    "--start-time", String.valueOf(t.startTime()), "--keyring", "_ses." + id,
                    "--ready", ready.toString(), "--log", log.toString()));
            if (go != null) cmd.addAll(List.of("--go", go.toString()));
            for (String ns : t.namespaces()) cmd.addAll(List.of("--ns", ns));
            for (String procs : t.cgroupProcs()) cmd.addAll(List.of("--cgroup", procs));
            if (t.seccomp() != null) cmd.addAll(List.of("--seccomp", t.seccomp().toString()));
            cmd.addAll(processArgs);
            return Optional.of(cmd);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the container is paused: runc refuses to exec into it with its own message, where berth-exec would leave
     * the process frozen as it joined the cgroup.
     */
    private static boolean frozen(Target t) throws IOException {
        if (t.freezer() == null) return false;
        String state = Files.readString(t.freezer()).strip();
        return !(state.equals("THAWED") || state.equals("0"));
    }

    /** The process's own options and its arguments after "--", or null when berth-exec cannot apply it exactly. */
    @SuppressWarnings("unchecked")
    static List<String> processArguments(Map<String, Object> process) {
        if (!PROCESS_KEYS.containsAll(process.keySet()) || Boolean.TRUE.equals(process.get("terminal"))) return null;
        List<String> out = new ArrayList<>();
        if (!(process.get("user") instanceof Map<?, ?> user) || !USER_KEYS.containsAll(user.keySet())) return null;
        out.addAll(List.of("--uid", number(user.get("uid")), "--gid", number(user.get("gid"))));
        List<String> groups = new ArrayList<>();
        for (Object g : user.get("additionalGids") instanceof List<?> l ? l : List.of()) groups.add(number(g));
        out.addAll(List.of("--groups", String.join(",", groups)));
        if (!(process.get("capabilities") instanceof Map<?, ?> caps) || !CAPABILITY_SETS.containsAll(caps.keySet())) {
            return null;
        }
        for (Map.Entry<String, String> set : CAPABILITY_FLAGS) {
            long bits = 0;
            for (Object name : caps.get(set.getKey()) instanceof List<?> l ? l : List.of()) {
                int bit = CAPABILITIES.indexOf(String.valueOf(name));
                if (bit < 0) return null;
                bits |= 1L << bit;
            }
            out.addAll(List.of(set.getValue(), "0x" + Long.toHexString(bits)));
        }
        if (Boolean.TRUE.equals(process.get("noNewPrivileges"))) out.add("--no-new-privs");
        if (process.get("oomScoreAdj") != null) out.addAll(List.of("--oom-score-adj", number(process.get("oomScoreAdj"))));
        for (Object o : process.get("rlimits") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> r = (Map<String, Object>) o;
            int type = RLIMITS.indexOf(String.valueOf(r.get("type")));
            if (type < 0) return null;
            out.addAll(List.of("--rlimit", type + "," + unsigned(r.get("soft")) + "," + unsigned(r.get("hard"))));
        }
        Object cwd = process.get("cwd");
        out.addAll(List.of("--cwd", cwd == null || cwd.toString().isEmpty() ? "/" : cwd.toString()));
        for (Object e : process.get("env") instanceof List<?> l ? l : List.of()) {
            String s = String.valueOf(e);
            if (s.indexOf('=') <= 0) return null; // runc's own refusal, with its message
            out.addAll(List.of("--env", s));
        }
        if (!(process.get("args") instanceof List<?> args) || args.isEmpty()) return null;
        out.add("--");
        for (Object a : args) out.add(String.valueOf(a));
        return out;
    }

    private static String number(Object o) {
        if (!(o instanceof Number n)) throw new IllegalArgumentException("not a number: " + o);
        return String.valueOf(n.longValue());
    }

    /** An rlimit value as runc reads it: a uint64 (JSON may carry 2^64-1 for "unlimited"). */
    private static String unsigned(Object o) {
        if (o instanceof java.math.BigInteger b) return b.toString();
        return Long.toUnsignedString(((Number) o).longValue());
    }

    /** A container's first process, named by its pid and start time (a pid alone may be reused). */
    public record ContainerProcess(long pid, long startTime) {}

    /** The container's process as berth-exec would join it now, empty if it cannot. */
    public Optional<ContainerProcess> target(String id, Path config) {
        try {
            Target t = targetOf(id, config);
            return t.usable() ? Optional.of(new ContainerProcess(t.pid(), t.startTime())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One at a time: two first execs of a run must not both try to read the filter (one ptrace at a time). */
    private synchronized Target targetOf(String id, Path config) throws IOException {
        Path state = runc.root().resolve(id).resolve("state.json");
        long modified;
        try {
            modified = Files.getLastModifiedTime(state).toMillis();
        } catch (java.nio.file.NoSuchFileException e) {
            targets.remove(id); // not running (or gone): runc says so in its own words
            throw e;
        }
        Target cached = targets.get(id);
        if (cached != null && cached.stateModified() == modified) return cached;
        Target t = load(id, config, state, modified);
        targets.put(id, t);
        return t;
    }

    private Target load(String id, Path config, Path state, long modified) throws IOException {
        Target unusable = new Target(modified, false, 0, 0, List.of(), List.of(), null, null);
        JsonNode spec = Json.mapper().readTree(config.toFile());
        JsonNode linux = spec.path("linux");
        for (String key : List.of("personality", "intelRdt", "uidMappings", "gidMappings")) {
            if (linux.has(key)) return unusable;
        }
        JsonNode p = spec.path("process");
        if (p.has("apparmorProfile") || p.has("selinuxLabel")) return unusable;
        List<String> wanted = new ArrayList<>();
        for (JsonNode ns : linux.path("namespaces")) wanted.add(ns.path("type").asText());
        List<String> namespaces = new ArrayList<>();
        for (Map.Entry<String, String> ns : NAMESPACES) {
            if (wanted.remove(ns.getKey())) namespaces.add(ns.getValue());
        }
        if (!wanted.isEmpty()) return unusable; // a user or time namespace: runc's job
        JsonNode seccompSpec = linux.path("seccomp");
        JsonNode s = Json.mapper().readTree(state.toFile());
        long pid = s.path("init_process_pid").asLong();
        long start = s.path("init_process_start").asLong();
        if (pid <= 0) return unusable;
        List<String> procs = new ArrayList<>();
        Path freezer = null;
        for (var e : s.path("cgroup_paths").properties()) {
            procs.add(e.getValue().asText() + "/cgroup.procs");
            if (e.getKey().equals("freezer")) freezer = Path.of(e.getValue().asText(), "freezer.state");
            if (e.getKey().isEmpty() && freezer == null && Files.exists(Path.of(e.getValue().asText(), "cgroup.freeze"))) {
                freezer = Path.of(e.getValue().asText(), "cgroup.freeze");
            }
        }
        Path seccomp = null;
        if (!seccompSpec.isMissingNode() && !seccompSpec.isNull()) {
            var fields = new ArrayList<String>();
            seccompSpec.fieldNames().forEachRemaining(fields::add);
            if (!SECCOMP_KEYS.containsAll(fields) || seccompSpec.toString().contains("SCMP_ACT_NOTIFY")) return unusable;
            seccomp = state.resolveSibling("berth-seccomp-" + pid + "-" + start + ".bpf");
            // not kept as unusable: the next exec tries again (this one goes to runc)
            if (!Files.exists(seccomp) && !readFilter(pid, seccomp)) throw new IOException("no seccomp filter read");
        }
        return new Target(modified, true, pid, start, List.copyOf(namespaces), List.copyOf(procs), seccomp, freezer);
    }

    /**
     * Reads the seccomp program runc installed in the container's first process into {@code file}, inside runc's state
     * directory of the run so that {@code runc delete} removes it with the run.
     */
    private boolean readFilter(long pid, Path file) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "seccomp-filter", String.valueOf(pid), file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(file) > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            p.destroyForcibly();
        }
    }
}
