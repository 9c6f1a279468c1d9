package berth.engine.container;

import berth.api.errors.EngineException;
import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.BindMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a container's process runs with, derived from its record: command, environment, cwd, binds; start errors. */
final class ProcessSpecs {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessSpecs() {}

    /** Bind sources are created when missing, as Docker does for -v with a host path. */
    static List<BindMount> binds(ContainerRecord r) throws IOException {
        List<BindMount> binds = BindMount.parseAll(r.hostConfig().binds());
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

    static List<String> env(ContainerRecord r) {
        List<String> env = new ArrayList<>();
        List<String> configured = r.config().env() == null ? List.of() : r.config().env();
        if (configured.stream().noneMatch(e -> e.startsWith("PATH="))) env.add(DEFAULT_PATH);
        env.add("HOSTNAME=" + r.config().hostname());
        if (r.tty()) env.add("TERM=xterm");
        env.addAll(configured);
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
