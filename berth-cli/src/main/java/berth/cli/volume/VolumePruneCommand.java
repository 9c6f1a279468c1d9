package berth.cli.volume;

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

/** {@code berth volume prune}: removes the anonymous volumes no container uses (-a: every unused volume). */
@Command(name = "prune", description = "Remove unused volumes")
public final class VolumePruneCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Remove every unused volume, named ones too") boolean all;
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation") boolean force;
    @Option(names = "--filter", paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Which volumes to remove (label=<key>[=<value>], label!=...)")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (!force) {
            out.print("WARNING! This will remove " + (all ? "all" : "anonymous") + " local volumes not used by at least"
                    + " one container.\nAre you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) return 0;
        }
        List<String> f = new ArrayList<>(filters);
        if (all) f.add("all=true");
        JsonNode report = client().call("POST", "/volumes/prune"
                + EngineClient.query(EngineClient.params("filters", filters(f))), null).json();
        JsonNode deleted = report.path("VolumesDeleted");
        if (deleted.isArray() && !deleted.isEmpty()) {
            out.println("Deleted Volumes:");
            for (JsonNode n : deleted) out.println(n.asText());
            out.println();
        }
        out.println("Total reclaimed space: " + Humanize.size4(report.path("SpaceReclaimed").asLong()));
        return 0;
    }
}
