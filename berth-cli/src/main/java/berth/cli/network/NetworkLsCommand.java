package berth.cli.network;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth network ls}: a table of the networks, by name. */
@Command(name = "ls", aliases = {"list"}, description = "Show the networks")
public final class NetworkLsCommand extends Verb {
    static final Map<String, String> HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
            "Scope", "SCOPE", "IPv4", "IPV4", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS", "CreatedAt", "CREATED AT");

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class,
            description = "Only networks matching a condition (driver=, id=, label=, name=, scope=, type=)") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = "--no-trunc", description = "Show full network IDs") boolean noTrunc;
    @Option(names = {"-q", "--quiet"}, description = "Only show network IDs") boolean quiet;

    @Override
    protected int run() throws Exception {
        JsonNode list = client().call("GET", "/networks" + EngineClient.query(EngineClient.params("filters", filters(filters))), null).json();
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode n : list) rows.add(row(n, noTrunc));
        rows.sort((a, b) -> NaturalOrder.compare(a.path("Name").asText(), b.path("Name").asText()));
        String fmt = quiet ? "{{.ID}}" : format == null || format.isEmpty() || format.equals("table")
                ? "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}" : format;
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("template parsing error: " + e.getMessage());
        }
        return 0;
    }

    /** The docker CLI's network row: the fields its templates know, as text. */
    static ObjectNode row(JsonNode n, boolean noTrunc) {
        ObjectNode r = Json.mapper().createObjectNode();
        String id = n.path("Id").asText();
        r.put("ID", noTrunc || id.length() <= 12 ? id : id.substring(0, 12));
        r.put("Name", n.path("Name").asText());
        r.put("Driver", n.path("Driver").asText());
        r.put("Scope", n.path("Scope").asText());
        r.put("IPv4", Boolean.toString(n.path("EnableIPv4").asBoolean(true)));
        r.put("IPv6", Boolean.toString(n.path("EnableIPv6").asBoolean(false)));
        r.put("Internal", Boolean.toString(n.path("Internal").asBoolean(false)));
        List<String> labels = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("Labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.add(e.getKey() + "=" + e.getValue().asText());
        }
        r.put("Labels", String.join(",", labels));
        r.put("CreatedAt", createdAt(n.path("Created").asText("")));
        return r;
    }

    /** Go's time.Time String(): "2006-01-02 15:04:05.999999999 -0700 MST", in local time. */
    static String createdAt(String rfc3339) {
        if (rfc3339.isEmpty()) return "";
        try {
            var t = OffsetDateTime.parse(rfc3339).atZoneSameInstant(ZoneId.systemDefault());
            String frac = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(t) + frac
                    + DateTimeFormatter.ofPattern(" Z z").format(t);
        } catch (java.time.format.DateTimeParseException e) {
            return rfc3339;
        }
    }

    /** The docker CLI's sortorder.NaturalLess: runs of digits compare as numbers. */
    static final class NaturalOrder {
        private NaturalOrder() {}

        static int compare(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                char x = a.charAt(i);
                char y = b.charAt(j);
                if (Character.isDigit(x) && Character.isDigit(y)) {
                    int si = i;
                    int sj = j;
                    while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                    while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                    int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                    if (c != 0) return c;
                } else {
                    if (x != y) return Character.compare(x, y);
                    i++;
                    j++;
                }
            }
            return Integer.compare(a.length() - i, b.length() - j);
        }
    }
}
