package berth.cli.image;

import berth.cli.Verb;
import berth.cli.system.Prunes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: dangling images, or with -a every image no container uses. */
@Command(name = "prune", description = "Remove images that no tag names (with -a: that no container uses)")
public final class ImagePruneCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Remove every image no container uses, not only dangling ones") boolean all;
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation") boolean force;
    @Option(names = "--dry-run", description = "Only list what would be removed, and the space that would come back") boolean dryRun;
    @Option(names = "--filter", paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Which images to remove (until=<time>, label=<key>[=<value>], label!=...)")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (!dryRun && !force && !Prunes.confirm(out, all
                ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.")) {
            return 0;
        }
        List<String> f = new ArrayList<>(filters);
        if (all) f.add("dangling=false");
        Prunes p = new Prunes(client(), out, dryRun);
        p.images(filters(f));
        p.total();
        return 0;
    }
}
