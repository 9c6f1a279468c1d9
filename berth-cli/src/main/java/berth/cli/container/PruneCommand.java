package berth.cli.container;

import berth.cli.Verb;
import berth.cli.format.Humanize;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune}: removes every stopped container (after asking, unless -f). */
@Command(name = "prune", description = "Remove all stopped containers")
public final class PruneCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation") boolean force;
    @Option(names = "--dry-run", description = "Only list what would be removed") boolean dryRun;
    @Option(names = "--filter", paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Which containers to remove (until=<time>, label=<key>[=<value>], label!=...)")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (!force && !dryRun) {
            out.print("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) return 0;
        }
        JsonNode report = client().call("POST", "/containers/prune"
                + EngineClient.query(EngineClient.params("filters", filters(filters), "dryrun", dryRun ? "1" : null)), null).json();
        JsonNode deleted = report.path("ContainersDeleted");
        if (deleted.isArray() && !deleted.isEmpty()) {
            out.println(dryRun ? "Would delete Containers:" : "Deleted Containers:");
            for (JsonNode id : deleted) out.println(id.asText());
            out.println();
        }
        out.println((dryRun ? "Total reclaimable space: " : "Total reclaimed space: ") + Humanize.size4(report.path("SpaceReclaimed").asLong()));
        return 0;
    }
}
