package berth.cli.volume;

import picocli.CommandLine.Command;

/** {@code berth volume VERB}: the volume verbs under their group name. */
@Command(name = "volume", description = "Manage volumes",
        subcommands = {VolumeCreateCommand.class, VolumeLsCommand.class, VolumeInspectCommand.class,
                VolumeRmCommand.class, VolumePruneCommand.class})
public final class VolumeCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        System.out.print(berth.cli.Help.render(spec));
    }
}
