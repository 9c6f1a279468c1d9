package berth.daemon.route;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter. Current clients send {@code {"key":{"value":true}}}; clients of API < 1.22
 * (and some SDKs still) send {@code {"key":["value"]}}. Both become key to values (moby filters.FromJSON).
 */
public final class Filters {
    private Filters() {}

    public static Map<String, List<String>> parse(String json) {
        if (json == null || json.isBlank()) return Map.of();
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("invalid filter: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull()) return Map.of();
        if (!root.isObject()) throw new InvalidArgumentException("invalid filter: expected a JSON object");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), values(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static List<String> values(String key, JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode v : node) values.add(v.asText());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                if (v.getValue().asBoolean(false)) values.add(v.getKey());
            }
        } else {
            throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        return values;
    }
}
