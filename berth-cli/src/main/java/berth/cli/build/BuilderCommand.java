package berth.cli.build;

import berth.cli.Verb;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "builder", description = "Manage the build cache", subcommands = {BuilderCommand.Prune.class})
public final class BuilderCommand extends Verb {
    @Override
    protected int run() {
        out.print(berth.cli.Help.render(new picocli.CommandLine(this).getCommandSpec()));
        return 0;
    }

    @Command(name = "prune", description = "Remove the build cache, and the layers only it kept")
    public static final class Prune extends Verb {
        @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation") boolean force;
        @Option(names = {"-a", "--all"}, description = "Remove all of the cache (the same: prune always removes all)") boolean all;

        @Override
        protected int run() throws Exception {
            if (!force) {
                out.print("WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ");
                out.flush();
                String answer = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) return 0;
            }
            try (Response r = client().send("POST", "/build/prune", Map.of(), null).check()) {
                JsonNode body = berth.api.Json.mapper().readTree(r.body());
                JsonNode deleted = body.path("CachesDeleted");
                if (deleted.isArray() && !deleted.isEmpty()) {
                    out.println("Deleted build cache objects:");
                    for (JsonNode d : deleted) out.println(d.asText());
                    out.println();
                }
                out.println("Total reclaimed space: " + berth.api.model.Units.humanSize(body.path("SpaceReclaimed").asLong()));
            }
            return 0;
        }
    }
}
