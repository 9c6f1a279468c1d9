package berth.cli.image;

import picocli.CommandLine.Command;

/** {@code berth image VERB}: the image verbs under their group name. */
@Command(name = "image", description = "Image commands",
        subcommands = {ImageCommand.Ls.class, PullCommand.class, PushCommand.class, TagCommand.class, ImageCommand.Rm.class,
                HistoryCommand.class, ImportCommand.class, ImageInspectCommand.class, SaveCommand.class,
                LoadCommand.class, ImagePruneCommand.class})
public final class ImageCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** {@code image ls}: images under its group name. */
    @Command(name = "ls", aliases = {"list"}, description = "Show the images berthd holds")
    public static final class Ls extends ImagesCommand {}

    /** {@code image rm}: rmi under its group name. */
    @Command(name = "rm", aliases = {"remove"}, description = "Remove images or their tags")
    public static final class Rm extends RmiCommand {}

    @Override
    public void run() {
        System.out.print(berth.cli.Help.render(spec));
    }
}
