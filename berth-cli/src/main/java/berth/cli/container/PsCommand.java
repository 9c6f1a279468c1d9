package berth.cli.container;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ps", description = "Show containers (the running ones unless -a)")
public class PsCommand extends Verb {
    static final String DEFAULT = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("RunningFor", "CREATED"), Map.entry("CreatedAt", "CREATED AT"),
            Map.entry("Status", "STATUS"), Map.entry("Ports", "PORTS"), Map.entry("Names", "NAMES"),
            Map.entry("State", "STATE"), Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"),
            Map.entry("Mounts", "MOUNTS"), Map.entry("Networks", "NETWORKS"));
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;
    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs") boolean quiet;
    @Option(names = {"-n", "--last"}, description = "Show n last created containers (includes all states)", defaultValue = "-1") int last;
    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)") boolean latest;
    @Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

    @Override
    protected int run() throws Exception {
        int limit = latest ? 1 : last;
        String fmt = quiet ? "{{.ID}}" : format == null || format.isEmpty() || format.equals("table")
                ? DEFAULT + (size ? "\t{{.Size}}" : "") : format;
        // as the docker CLI does, a template that shows sizes asks the daemon to compute them
        boolean withSize = size || (!quiet && (fmt.contains(".Size") || fmt.equals("json") || fmt.replace(" ", "").contains("{{json.}}")));
        String q = EngineClient.query(EngineClient.params("all", all ? 1 : null, "limit", limit > 0 ? limit : null,
                "size", withSize ? 1 : null, "filters", filters(filters)));
        JsonNode list = client().call("GET", "/containers/json" + q, null).json();
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode c : list) rows.add(row(c, noTrunc));
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("failed to parse template: " + e.getMessage());
        }
        return 0;
    }

    /** The docker CLI's container formatter fields. */
    static ObjectNode row(JsonNode c, boolean noTrunc) {
        ObjectNode n = Json.mapper().createObjectNode();
        String id = c.path("Id").asText();
        n.put("ID", noTrunc ? id : id.substring(0, Math.min(12, id.length())));
        n.put("Image", c.path("Image").asText());
        String command = c.path("Command").asText();
        n.put("Command", "\"" + (noTrunc ? command : Humanize.ellipsis(command, 20)) + "\"");
        long created = c.path("Created").asLong();
        n.put("CreatedAt", CREATED_AT.format(Instant.ofEpochSecond(created).atZone(ZoneId.systemDefault())));
        n.put("RunningFor", Humanize.since(created));
        n.put("Ports", "");
        n.put("State", c.path("State").asText());
        n.put("Status", c.path("Status").asText());
        long rw = c.path("SizeRw").asLong(0);
        long rootFs = c.path("SizeRootFs").asLong(0);
        n.put("Size", Humanize.size(rw) + (rootFs > 0 ? " (virtual " + Humanize.size(rootFs) + ")" : ""));
        long localVolumes = 0;
        for (JsonNode m : c.path("Mounts")) if ("local".equals(m.path("Driver").asText())) localVolumes++;
        n.put("LocalVolumes", String.valueOf(localVolumes));
        n.putNull("Platform");
        List<String> names = new ArrayList<>();
        for (JsonNode name : c.path("Names")) names.add(name.asText().replaceFirst("^/", ""));
        n.put("Names", String.join(",", names));
        List<String> labels = new ArrayList<>();
        c.path("Labels").properties().forEach(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
        n.put("Labels", String.join(",", labels));
        n.put("Mounts", "");
        n.put("Networks", c.path("NetworkSettings").path("Networks").properties().stream().map(Map.Entry::getKey)
                .collect(Collectors.joining(",")));
        return n;
    }
}
