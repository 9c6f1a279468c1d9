package berth.cli.network;

import berth.cli.Verb;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network prune}: removes every user-defined network no container uses (after asking, unless -f). */
@Command(name = "prune", description = "Remove all unused networks")
public final class NetworkPruneCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation") boolean force;
    @Option(names = "--dry-run", description = "Only list what would be removed") boolean dryRun;
    @Option(names = "--filter", paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Which networks to remove (until=<time>, label=<key>[=<value>], label!=...)")
    List<String> filters = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        if (!force && !dryRun) {
            out.print("WARNING! This will remove all custom networks not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) return 0;
        }
        JsonNode report = client().call("POST", "/networks/prune"
                + EngineClient.query(EngineClient.params("filters", filters(filters), "dryrun", dryRun ? "1" : null)), null).json();
        JsonNode deleted = report.path("NetworksDeleted");
        if (deleted.isArray() && !deleted.isEmpty()) {
            out.println(dryRun ? "Would delete Networks:" : "Deleted Networks:");
            for (JsonNode n : deleted) out.println(n.asText());
            out.println();
        }
        return 0;
    }
}
