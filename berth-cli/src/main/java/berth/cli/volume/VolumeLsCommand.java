package berth.cli.volume;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth volume ls}: a table of the volumes, by name. */
@Command(name = "ls", aliases = {"list"}, description = "Show the volumes")
public final class VolumeLsCommand extends Verb {
    static final Map<String, String> HEADERS = Map.of("Name", "VOLUME NAME", "Driver", "DRIVER", "Scope", "SCOPE",
            "Mountpoint", "MOUNTPOINT", "Labels", "LABELS", "Links", "LINKS", "Size", "SIZE", "CreatedAt", "CREATED AT");

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Only volumes matching a condition (dangling=, driver=, label=, name=)") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = {"-q", "--quiet"}, description = "Only show volume names") boolean quiet;

    @Override
    protected int run() throws Exception {
        JsonNode list = client().call("GET", "/volumes" + EngineClient.query(EngineClient.params("filters", filters(filters))), null).json();
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode v : list.path("Volumes")) rows.add(row(v));
        rows.sort((a, b) -> a.path("Name").asText().compareTo(b.path("Name").asText()));
        String fmt = quiet ? "{{.Name}}" : format == null || format.isEmpty() || format.equals("table")
                ? "table {{.Driver}}\t{{.Name}}" : format;
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("template parsing error: " + e.getMessage());
        }
        return 0;
    }

    /** The docker CLI's volume row: the fields its templates know, as text. */
    static ObjectNode row(JsonNode v) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("Name", v.path("Name").asText());
        r.put("Driver", v.path("Driver").asText());
        r.put("Scope", v.path("Scope").asText());
        r.put("Mountpoint", v.path("Mountpoint").asText());
        r.put("CreatedAt", v.path("CreatedAt").asText());
        List<String> labels = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.path("Labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.add(e.getKey() + "=" + e.getValue().asText());
        }
        r.put("Labels", String.join(",", labels));
        JsonNode usage = v.path("UsageData");
        r.put("Links", usage.isObject() ? String.valueOf(usage.path("RefCount").asLong()) : "N/A");
        r.put("Size", usage.isObject() ? berth.cli.format.Humanize.size(usage.path("Size").asLong()) : "N/A");
        return r;
    }
}
