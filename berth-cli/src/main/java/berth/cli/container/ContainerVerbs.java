package berth.cli.container;

import java.util.Map;
import java.util.function.Supplier;

/** The verbs that work inside running containers and on their filesystems, for berth.cli.Main's verb table. */
public final class ContainerVerbs {
    private ContainerVerbs() {}

    public static void register(Map<String, Supplier<Object>> verbs) {
        verbs.put("exec", ExecCommand::new);
        verbs.put("attach", AttachCommand::new);
        verbs.put("pause", PauseCommand::new);
        verbs.put("unpause", UnpauseCommand::new);
        verbs.put("commit", CommitCommand::new);
        verbs.put("diff", DiffCommand::new);
        verbs.put("cp", CpCommand::new);
        verbs.put("export", ExportCommand::new);
        verbs.put("stats", StatsCommand::new);
        verbs.put("top", TopCommand::new);
        verbs.put("update", UpdateCommand::new);
    }
}
