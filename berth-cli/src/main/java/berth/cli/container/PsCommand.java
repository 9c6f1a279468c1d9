package berth.cli.container;

import berth.cli.FlagParser;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.cli.format.LazyText;
import berth.client.EngineClient;
import berth.client.JsonPath;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)") boolean all;
    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs") boolean quiet;
    @Option(names = {"-n", "--last"}, description = "Show n last created containers (includes all states)", defaultValue = "-1") int last;
    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)") boolean latest;
    @Option(names = {"-s", "--size"}, description = "Display total file sizes") boolean size;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

    /** {@code ps} and its flags parsed without picocli ({@link berth.cli.QuickPath}); null when declined. */
    public static PsCommand quick(String[] args, int from) {
        PsCommand ps = new PsCommand();
        ps.last = -1;
        return flags(ps).parse(args, from, false) == null ? null : ps;
    }

    static FlagParser flags(PsCommand ps) {
        return new FlagParser().flag(() -> ps.all = true, "-a", "--all").flag(() -> ps.quiet = true, "-q", "--quiet")
                .value(n -> ps.last = FlagParser.decimal(n), "-n", "--last").flag(() -> ps.latest = true, "-l", "--latest")
                .flag(() -> ps.size = true, "-s", "--size")
                .values(f -> ps.filters.add(new berth.cli.FilterConverter().convert(f)), "-f", "--filter")
                .value(f -> ps.format = f, "--format").flag(() -> ps.noTrunc = true, "--no-trunc");
    }

    @Override
    protected int run() throws Exception {
        int limit = latest ? 1 : last;
        String fmt = quiet ? "{{.ID}}" : format == null || format.isEmpty() || format.equals("table")
                ? DEFAULT + (size ? "\t{{.Size}}" : "") : format;
        // as the docker CLI does, a template that shows sizes asks the daemon to compute them
        boolean withSize = size || (!quiet && (fmt.contains(".Size") || fmt.equals("json") || fmt.replace(" ", "").contains("{{json.}}")));
        String q = EngineClient.query(EngineClient.params("all", all ? 1 : null, "limit", limit > 0 ? limit : null,
                "size", withSize ? 1 : null, "filters", filters(filters)));
        Object list = client().call("GET", "/containers/json" + q, null).value();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object c : JsonPath.items(list)) rows.add(row(c, noTrunc));
        try {
            out.print(Formatter.renderRows(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("failed to parse template: " + e.getMessage());
        }
        return 0;
    }

    /** The docker CLI's container formatter fields, for one container of GET /containers/json. */
    static Map<String, Object> row(Object c, boolean noTrunc) {
        Map<String, Object> n = new LinkedHashMap<>();
        String id = text(c, "Id");
        n.put("ID", noTrunc ? id : id.substring(0, Math.min(12, id.length())));
        n.put("Image", text(c, "Image"));
        String command = text(c, "Command");
        n.put("Command", "\"" + (noTrunc ? command : Humanize.ellipsis(command, 20)) + "\"");
        long created = JsonPath.longValue(JsonPath.get(c, "Created"), 0);
        n.put("CreatedAt", new LazyText(() -> createdAt(created)));
        n.put("RunningFor", Humanize.since(created));
        List<PortsColumn.Port> ports = new ArrayList<>();
        for (Object p : JsonPath.items(JsonPath.get(c, "Ports"))) {
            ports.add(new PortsColumn.Port(text(p, "IP"), (int) JsonPath.longValue(JsonPath.get(p, "PrivatePort"), 0),
                    (int) JsonPath.longValue(JsonPath.get(p, "PublicPort"), 0), text(p, "Type")));
        }
        n.put("Ports", PortsColumn.render(ports));
        n.put("State", text(c, "State"));
        n.put("Status", text(c, "Status"));
        long rw = JsonPath.longValue(JsonPath.get(c, "SizeRw"), 0);
        long rootFs = JsonPath.longValue(JsonPath.get(c, "SizeRootFs"), 0);
        n.put("Size", new LazyText(() -> Humanize.size(rw) + (rootFs > 0 ? " (virtual " + Humanize.size(rootFs) + ")" : "")));
        long localVolumes = 0;
        for (Object m : JsonPath.items(JsonPath.get(c, "Mounts"))) if ("local".equals(text(m, "Driver"))) localVolumes++;
        n.put("LocalVolumes", String.valueOf(localVolumes));
        n.put("Platform", null);
        List<String> names = new ArrayList<>();
        for (Object name : JsonPath.items(JsonPath.get(c, "Names"))) names.add(strip(JsonPath.text(name)));
        n.put("Names", String.join(",", names));
        List<String> labels = new ArrayList<>();
        JsonPath.object(JsonPath.get(c, "Labels")).forEach((k, v) -> labels.add(k + "=" + JsonPath.text(v)));
        n.put("Labels", String.join(",", labels));
        List<String> mounts = new ArrayList<>();
        for (Object m : JsonPath.items(JsonPath.get(c, "Mounts"))) {
            String name = text(m, "Name");
            if (name.isEmpty()) name = text(m, "Source");
            mounts.add(noTrunc ? name : Humanize.ellipsis(name, 15));
        }
        n.put("Mounts", String.join(",", mounts));
        n.put("Networks", String.join(",", JsonPath.object(JsonPath.get(c, "NetworkSettings", "Networks")).keySet()));
        return n;
    }

    private static String text(Object node, String key) {
        return JsonPath.text(JsonPath.get(node, key));
    }

    /** A name as the API lists it, "/web", as ps shows it. */
    private static String strip(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static final class CreatedAt {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");
    }

    private static String createdAt(long epochSeconds) {
        return CreatedAt.FORMAT.format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault()));
    }
}
