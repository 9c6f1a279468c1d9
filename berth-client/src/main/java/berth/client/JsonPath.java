package berth.client;

import java.util.List;
import java.util.Map;

/**
 * Navigates the values {@link JsonReader} makes, with the answers Jackson's {@code JsonNode.path(..).asText()} gives,
 * so that output does not change with the reader: a missing key reads as "", a JSON null as "null", objects and
 * arrays as "". {@link #MISSING} stands for a key that is not there (a JSON null is Java's null).
 */
public final class JsonPath {
    /** What {@link #get} answers for a key that is absent, or for a step into something that is not an object. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private JsonPath() {}

    /** The value at {@code keys} below {@code node}, or {@link #MISSING}. */
    public static Object get(Object node, String... keys) {
        Object v = node;
        for (String k : keys) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(k)) return MISSING;
            v = m.get(k);
        }
        return v;
    }

    /** Jackson's asText(): "" when missing, "null" for null, "" for objects and arrays. */
    public static String text(Object v) {
        if (v == MISSING || v instanceof Map || v instanceof List) return "";
        return String.valueOf(v);
    }

    /** Jackson's asText(defaultValue): the default when missing or null. */
    public static String text(Object v, String defaultValue) {
        return v == MISSING || v == null ? defaultValue : text(v);
    }

    /** Jackson's asLong(defaultValue): numbers, numeric text, booleans as 1/0; else the default. */
    public static long longValue(Object v, long defaultValue) {
        if (v instanceof Number n) return n.longValue();
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return defaultValue;
            }
        }
        return defaultValue;
    }

    /** The entries of an object (none for anything else). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** What iterating a Jackson node yields: an array's items, an object's values, nothing for the rest. */
    @SuppressWarnings("unchecked")
    public static Iterable<Object> items(Object v) {
        if (v instanceof List<?> l) return (List<Object>) l;
        if (v instanceof Map<?, ?> m) return (java.util.Collection<Object>) m.values();
        return List.of();
    }

    /** Whether the key is present with a value that is not null (Jackson's hasNonNull). */
    public static boolean hasNonNull(Object node, String key) {
        Object v = get(node, key);
        return v != MISSING && v != null;
    }
}
