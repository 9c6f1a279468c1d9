package berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders list commands: "table …" templates get a header row (docker's column names) and tab alignment; other
 * templates print one line per item; "json" prints each item as JSON.
 */
public final class Formatter {
    private static final Pattern FIELD = Pattern.compile("\\{\\{-?\\s*\\.(\\w+)(?:\\s+\"([^\"]*)\")?[^}]*}}");

    private Formatter() {}

    public static String render(String format, List<? extends JsonNode> items, Map<String, String> headers) {
        // the docker CLI's rows are Go maps, which {{json .}} writes with sorted keys
        items = items.stream().map(Formatter::sorted).toList();
        if (format.equals("json")) format = "{{json .}}";
        boolean table = format.startsWith("table");
        String body = table ? format.substring(5).stripLeading() : format;
        body = body.replace("\\t", "\t").replace("\\n", "\n");
        Template t = Template.parse(body);
        if (!table) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : items) sb.append(t.render(item)).append('\n');
            return sb.toString();
        }
        TabWriter w = new TabWriter();
        w.line(header(body, headers));
        for (JsonNode item : items) w.line(t.render(item));
        return w.render();
    }

    private static JsonNode sorted(JsonNode item) {
        if (!item.isObject()) return item;
        com.fasterxml.jackson.databind.node.ObjectNode copy = berth.api.Json.mapper().createObjectNode();
        item.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> copy.set(e.getKey(), e.getValue()));
        return copy;
    }

    /** The header row: each {{.Field}} becomes its column name, the rest of the text stays. */
    static String header(String body, Map<String, String> headers) {
        Matcher m = FIELD.matcher(body);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).equals("Label") && m.group(2) != null ? labelHeader(m.group(2))
                    : headers.getOrDefault(m.group(1), m.group(1).replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase());
            m.appendReplacement(sb, Matcher.quoteReplacement(name));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The docker CLI heads a {{.Label "com.x.my-key"}} column with the key's last part, dashes as spaces: "my key". */
    static String labelHeader(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.replace('-', ' ').replace('_', ' ');
    }
}
