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
    /** Compiled on first use: the plain templates of {@link #renderRows} need no regex. */
    private static final class Field {
        static final Pattern PATTERN = Pattern.compile("\\{\\{-?\\s*\\.(\\w+)(?:\\s+\"([^\"]*)\")?[^}]*}}");
    }

    private Formatter() {}

    public static String render(String format, List<? extends JsonNode> items, Map<String, String> headers) {
        // the docker CLI's rows are Go maps, which {{json .}} writes with sorted keys
        items = items.stream().map(JacksonTree::sorted).toList();
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

    /**
     * As {@link #render}, for rows of plain values (a CharSequence is text, formatted when shown). A template made only of text and {{.Field}}s naming text fields
     * (the default tables, -q, most --format strings) is filled in here; anything else goes through {@link Template}
     * on Jackson copies of the rows, with the same result.
     */
    public static String renderRows(String format, List<? extends Map<String, ?>> rows, Map<String, String> headers) {
        boolean table = format.startsWith("table");
        String body = (table ? format.substring(5).stripLeading() : format).replace("\\t", "\t").replace("\\n", "\n");
        List<String> parts = format.equals("json") ? null : plainFields(body);
        if (parts == null || !allText(rows, parts)) {
            return render(format, rows.stream().map(JacksonTree::of).toList(), headers);
        }
        StringBuilder sb = new StringBuilder();
        TabWriter w = table ? new TabWriter() : null;
        if (table) {
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) head.append(i % 2 == 0 ? parts.get(i) : columnName(parts.get(i), headers));
            w.line(head.toString());
        }
        for (Map<String, ?> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) line.append(i % 2 == 0 ? parts.get(i) : row.get(parts.get(i)).toString());
            if (table) w.line(line.toString());
            else sb.append(line).append('\n');
        }
        return table ? w.render() : sb.toString();
    }

    /** Text and field names alternating (text first), if the template is only text and plain {{.Field}}s; else null. */
    static List<String> plainFields(String body) {
        List<String> parts = new java.util.ArrayList<>();
        int pos = 0;
        while (true) {
            int open = body.indexOf("{{", pos);
            String text = body.substring(pos, open < 0 ? body.length() : open);
            if (text.contains("}}")) return null;
            parts.add(text);
            if (open < 0) return parts;
            int close = body.indexOf("}}", open);
            if (close < 0 || body.charAt(open + 2) != '.' || close == open + 3) return null;
            String field = body.substring(open + 3, close);
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '_') return null;
            }
            parts.add(field);
            pos = close + 2;
        }
    }

    private static boolean allText(List<? extends Map<String, ?>> rows, List<String> parts) {
        for (Map<String, ?> row : rows) {
            for (int i = 1; i < parts.size(); i += 2) if (!(row.get(parts.get(i)) instanceof CharSequence)) return false;
        }
        return true;
    }

    /** A column's header: docker's name for the field, else the field's words in capitals ("RunningFor" → "RUNNING FOR"). */
    private static String columnName(String field, Map<String, String> headers) {
        String known = headers.get(field);
        return known != null ? known : field.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
    }


    /** The header row: each {{.Field}} becomes its column name, the rest of the text stays. */
    static String header(String body, Map<String, String> headers) {
        Matcher m = Field.PATTERN.matcher(body);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).equals("Label") && m.group(2) != null ? labelHeader(m.group(2))
                    : columnName(m.group(1), headers);
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
