package berth.cli.image;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Show the layers an image was made of, newest first")
public final class HistoryCommand extends Verb {
    private static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt",
            "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    @Option(names = {"-H", "--human"}, description = "Print sizes and dates in human readable format", defaultValue = "true",
            arity = "0..1") boolean human;
    @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;
    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs") boolean quiet;
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Parameters(index = "0", paramLabel = "IMAGE") String image;

    @Override
    protected int run() throws Exception {
        JsonNode history = client().call("GET", "/images/" + image + "/history", null).json();
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode h : history) {
            ObjectNode n = Json.mapper().createObjectNode();
            String id = h.path("Id").asText();
            n.put("ID", noTrunc || id.equals("<missing>") ? id : id.replaceFirst("^sha256:", "").substring(0, 12));
            long created = h.path("Created").asLong();
            String createdAt = java.time.Instant.ofEpochSecond(created).toString();
            n.put("CreatedSince", human ? Humanize.since(created) : createdAt);
            n.put("CreatedAt", createdAt);
            String by = h.path("CreatedBy").asText().replace("\t", " ").replace("\n", " ");
            n.put("CreatedBy", noTrunc ? by : Humanize.ellipsis(by, 45));
            n.put("Size", human ? Humanize.size(h.path("Size").asLong()) : h.path("Size").asText());
            n.put("Comment", h.path("Comment").asText());
            rows.add(n);
        }
        String fmt = quiet ? "{{.ID}}" : format != null && !format.isEmpty() ? format
                : "table {{.ID}}\t{{" + (human ? ".CreatedSince" : ".CreatedAt") + "}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("template parsing error: " + e.getMessage());
        }
        return 0;
    }
}
