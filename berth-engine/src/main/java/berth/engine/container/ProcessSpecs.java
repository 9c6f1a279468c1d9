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

    static EngineException startError(String message) {
        String text = "failed to create task for container: OCI runtime create failed: " + message + ": unknown";
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("permission denied")) {
            return new InvalidArgumentException(text);
        }
        return new InternalException(text, null);
    }
}
