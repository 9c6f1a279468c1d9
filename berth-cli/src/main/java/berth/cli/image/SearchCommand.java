package berth.cli.image;

import berth.api.Json;
import berth.cli.CliError;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.cli.format.Template;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth search}: Docker Hub, or with {@code host:port/term} the catalog of a private registry. */
@Command(name = "search", description = "Find images on Docker Hub, or in a private registry (registry/term)")
public final class SearchCommand extends Verb {
    private static final Map<String, String> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION",
            "StarCount", "STARS", "IsOfficial", "OFFICIAL", "IsAutomated", "AUTOMATED");

    @Option(names = "--limit", paramLabel = "int", description = "At most this many results") Integer limit;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Only results that match (is-official=true|false, stars=<n>)") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = "--no-trunc", description = "Show whole descriptions") boolean noTrunc;
    @Parameters(index = "0", paramLabel = "TERM") String term;

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("term", term, "limit", limit, "filters", filters(filters)));
        JsonNode results = client().call("GET", "/images/search" + q, null).json();
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode r : results) {
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("Name", r.path("name").asText());
            String d = r.path("description").asText().replace("\n", " ");
            n.put("Description", noTrunc ? d : Humanize.ellipsis(d, 45));
            n.put("StarCount", String.valueOf(r.path("star_count").asLong()));
            n.put("IsOfficial", r.path("is_official").asBoolean() ? "[OK]" : "");
            n.put("IsAutomated", r.path("is_automated").asBoolean() ? "[OK]" : "");
            rows.add(n);
        }
        String fmt = format == null || format.isEmpty() || format.equals("table")
                ? "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}" : format;
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (Template.ParseError e) {
            throw new CliError("template parsing error: " + e.getMessage());
        }
        return 0;
    }
}
