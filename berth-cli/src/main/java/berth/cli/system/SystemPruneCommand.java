package berth.cli.system;

import berth.cli.Verb;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth system prune}: stopped containers, unused networks, dangling (or with -a unused) images, build cache. */
@Command(name = "prune", description = "Remove stopped containers, unused networks, unused images and build cache")
public final class SystemPruneCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Remove every image no container uses, not only dangling ones") boolean all;
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation") boolean force;
    @Option(names = "--volumes", description = "Remove unused volumes too") boolean volumes;
    @Option(names = "--dry-run", description = "Only list what would be removed, and the space that would come back") boolean dryRun;
    @Option(names = "--filter", paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Which objects to remove (until=<time>, label=<key>[=<value>], label!=...)")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (!dryRun && !force && !Prunes.confirm(out, "WARNING! This will remove:\n"
                + "  - all stopped containers\n"
                + "  - all networks not used by at least one container\n"
                + (volumes ? "  - all anonymous volumes not used by at least one container\n" : "")
                + (all ? "  - all images without at least one container associated to them\n  - all build cache\n"
                       : "  - all dangling images\n  - unused build cache\n"))) {
            return 0;
        }
        Prunes p = new Prunes(client(), out, dryRun);
        String f = filters(filters);
        p.containers(f);
        p.networks(f);
        if (volumes) p.volumes(f);
        List<String> imageFilters = new ArrayList<>(filters);
        if (all) imageFilters.add("dangling=false");
        p.images(filters(imageFilters));
        p.buildCache(all, f);
        p.total();
        return 0;
    }
}
