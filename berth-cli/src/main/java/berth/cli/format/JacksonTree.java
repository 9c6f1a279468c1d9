package berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Plain Java values (berth.client.JsonReader's, or rows a verb builds) as the Jackson tree {@link Template} works on,
 * node for node what Jackson's own readTree would give for the same JSON (small integers as int nodes, nulls kept).
 * Only a --format that {@link Formatter} cannot fill in directly pays for it; Jackson code lives here and not in
 * Formatter, so that loading Formatter does not load Jackson's node classes (the verifier would, for the quick path).
 */
public final class JacksonTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JacksonTree() {}

    public static JsonNode of(Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof CharSequence s) return NODES.textNode(s.toString());
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof Long l) return l == l.intValue() ? NODES.numberNode(l.intValue()) : NODES.numberNode(l);
        if (v instanceof Integer i) return NODES.numberNode(i);
        if (v instanceof Double d) return NODES.numberNode(d);
        if (v instanceof BigInteger b) return NODES.numberNode(b);
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, value) -> o.set(String.valueOf(k), of(value)));
            return o;
        }
        if (v instanceof Collection<?> c) {
            ArrayNode a = NODES.arrayNode();
            c.forEach(item -> a.add(of(item)));
            return a;
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** The docker CLI's rows are Go maps, which {{json .}} writes with sorted keys: an object as a copy so sorted. */
    static JsonNode sorted(JsonNode item) {
        if (!item.isObject()) return item;
        ObjectNode copy = NODES.objectNode();
        item.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> copy.set(e.getKey(), e.getValue()));
        return copy;
    }
}
