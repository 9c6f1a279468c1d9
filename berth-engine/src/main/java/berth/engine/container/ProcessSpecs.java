package berth.engine.container;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import berth.engine.runtime.BindMount;
import berth.engine.runtime.Confinement;
import berth.engine.runtime.OciSpecBuilder;
import berth.engine.runtime.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a container's process runs with, derived from its record: command, environment, cwd, user and groups, binds,
 * confinement; start errors.
 */
final class ProcessSpecs {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessSpecs() {}

    /** The whole process description for the OCI spec, read from the record and the mounted rootfs. */
    static ProcessSpec spec(ContainerRecord r, ContainerLayout l, NamespaceModes.Peers peers) throws IOException {
        return spec(r, l, peers, binds(r));
    }

    /** {@code binds}: the container's mounts beside its root, as {@link ContainerMounts#prepare} made them ready. */
    static ProcessSpec spec(ContainerRecord r, ContainerLayout l, NamespaceModes.Peers peers, List<BindMount> binds)
            throws IOException {
        HostConfig h = r.hostConfig();
        UserResolver.Ids ids = UserResolver.resolve(r.config().user(), h.groupAdd(), l.rootfs());
        return new ProcessSpec(r.id(), command(r), env(r), cwd(r), ids.uid(), ids.gid(), ids.additionalGids(), r.tty(),
                r.config().hostname(), l.rootfs(), l.hosts(), l.hostname(), l.resolvConf(), h.hasReadonlyRootfs(),
                binds, r.config().domainname(), confinement(h, peers, l.shm()));
    }

    static Confinement confinement(HostConfig h) {
        return confinement(h, Isolations.NO_PEERS, Path.of("/nonexistent"));
    }

    static Confinement confinement(HostConfig h, NamespaceModes.Peers peers, Path ownShm) {
        boolean privileged = h.runsPrivileged();
        List<String> capabilities = Capabilities.of(h.capAdd(), h.capDrop(), privileged);
        return new Confinement(capabilities, privileged,
                privileged ? List.of() : h.maskedPaths() != null ? h.maskedPaths() : OciSpecBuilder.MASKED_PATHS,
                privileged ? List.of() : h.readonlyPaths() != null ? h.readonlyPaths() : OciSpecBuilder.READONLY_PATHS,
                SecurityOptions.noNewPrivileges(h.securityOpt()), "private".equals(h.cgroupnsMode()),
                h.shmSize() == null || h.shmSize() == 0 ? Confinement.DEFAULT_SHM_SIZE : h.shmSize(),
                h.runsInit() ? InitBinary.path() : null, h.annotations() == null ? Map.of() : h.annotations(),
                Isolations.of(h, capabilities, peers, ownShm));
    }

    /**
     * The host-path binds of a container created before volumes existed (its mounts were not recorded). Bind sources
     * are created when missing, as Docker does for -v with a host path.
     */
    static List<BindMount> binds(ContainerRecord r) throws IOException {
        List<BindMount> binds = new ArrayList<>(BindMount.parseAll(r.hostConfig().binds()));
        binds.addAll(BindMounts.fromMounts(r.hostConfig().mounts(), true));
        for (BindMount b : binds) {
            if (!Files.exists(Path.of(b.source()))) Files.createDirectories(Path.of(b.source()));
        }
        return binds;
    }

    static List<String> command(ContainerRecord r) {
        List<String> c = new ArrayList<>();
        c.add(r.path());
        c.addAll(r.args());
        return c;
    }

    /**
     * Docker's defaults (PATH, HOSTNAME, TERM for a TTY), then the configured variables. A variable without "=" (what
     * the docker CLI sends for {@code -e NAME} when NAME is not set on the client) is left out, and so is a default of
     * that name, as moby's ReplaceOrAppendEnvValues does.
     */
    static List<String> env(ContainerRecord r) {
        List<String> configured = r.config().env() == null ? List.of() : r.config().env();
        Set<String> unset = new HashSet<>();
        for (String e : configured) if (!e.contains("=")) unset.add(e);
        List<String> env = new ArrayList<>();
        if (configured.stream().noneMatch(e -> e.startsWith("PATH=")) && !unset.contains("PATH")) env.add(DEFAULT_PATH);
        if (!unset.contains("HOSTNAME")) env.add("HOSTNAME=" + r.config().hostname());
        if (r.tty() && !unset.contains("TERM")) env.add("TERM=xterm");
        for (String e : configured) if (e.contains("=")) env.add(e);
        return env;
    }

    static String cwd(ContainerRecord r) {
        String wd = r.config().workingDir();
        return wd == null || wd.isEmpty() ? "/" : wd;
    }

    /**
     * Docker's answer to a process that could not be started (moby daemon/start.go translateContainerdStartErr):
     * a missing command is 127 and an unexecutable one 126, both invalid parameters (400); anything else is 128 and
     * an internal error. The docker CLI turns the same substrings of the message into its own exit code.
     */
    static int exitCodeOf(String runtimeError) {
        String m = runtimeError.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("not a directory")) {
            return 127;
        }
        return m.contains("permission denied") ? 126 : 128;
    }

    static EngineException startError(String runtimeError) {
        String text = "failed to create task for container: failed to create shim task: OCI runtime create failed: "
                + runtimeError + ": unknown";
        return exitCodeOf(runtimeError) == 128 ? new InternalException(text, null) : new InvalidArgumentException(text);
    }
}
