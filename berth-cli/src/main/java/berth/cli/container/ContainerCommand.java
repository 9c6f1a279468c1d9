package berth.cli.container;

import picocli.CommandLine.Command;

/** {@code berth container VERB}: the same verbs under their group name. */
@Command(name = "container", description = "Container commands",
        subcommands = {ContainerCommand.Ls.class, RunCommand.class, CreateCommand.class, StartCommand.class, StopCommand.class,
                KillCommand.class, RestartCommand.class, RmCommand.class, WaitCommand.class, ContainerCommand.Inspect.class,
                LogsCommand.class, RenameCommand.class, PortCommand.class, PruneCommand.class, ExecCommand.class,
                AttachCommand.class, PauseCommand.class, UnpauseCommand.class, CommitCommand.class, DiffCommand.class,
                CpCommand.class, ExportCommand.class, StatsCommand.class, TopCommand.class, UpdateCommand.class})
public final class ContainerCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** {@code container ls}: ps under its group name. */
    @Command(name = "ls", aliases = {"list", "ps"}, description = "Show containers (the running ones unless -a)")
    public static final class Ls extends PsCommand {}

    /** {@code container inspect}: inspect restricted to containers. */
    @Command(name = "inspect", description = "Show containers in full, as JSON")
    public static final class Inspect extends Inspection {
        @picocli.CommandLine.Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;

        @Override
        protected String fixedType() {
            return "container";
        }

        @Override
        protected boolean size() {
            return size;
        }
    }

    @Override
    public void run() {
        System.out.print(berth.cli.Help.render(spec));
    }
}
