package berth.cli.system;

import picocli.CommandLine.Command;

/** {@code berth system VERB}: disk usage, and info and events under their group name. */
@Command(name = "system", description = "Manage Berth", subcommands = {DfCommand.class, InfoCommand.class, EventsCommand.class, SystemPruneCommand.class})
public final class SystemCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        System.out.print(berth.cli.Help.render(spec));
    }
}
