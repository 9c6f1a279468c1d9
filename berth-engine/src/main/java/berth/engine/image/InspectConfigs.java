package berth.engine.image;

import berth.api.model.ImageInspectConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image inspect's {@code Config}/{@code ContainerConfig} from the image config's raw JSON, key by key as the image
 * states it (keys matched case-insensitively, as Go decodes them), with Docker's zero values for what it leaves out.
 * Nothing is added that the image does not say.
 */
final class InspectConfigs {
    private InspectConfigs() {}

    static ImageInspectConfig of(JsonNode config) {
        Map<String, JsonNode> k = new LinkedHashMap<>();
        if (config != null && config.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                k.putIfAbsent(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
            }
        }
        return new ImageInspectConfig(text(k, "hostname"), text(k, "domainname"), text(k, "user"),
                bool(k, "attachstdin"), bool(k, "attachstdout"), bool(k, "attachstderr"),
                nonEmpty(map(k, "exposedports")), bool(k, "tty"), bool(k, "openstdin"), bool(k, "stdinonce"),
                list(k, "env"), list(k, "cmd"), nonEmpty(map(k, "healthcheck")),
                bool(k, "argsescaped") ? Boolean.TRUE : null, text(k, "image"), map(k, "volumes"), text(k, "workingdir"),
                list(k, "entrypoint"), list(k, "onbuild"), labels(k), emptyToNull(text(k, "stopsignal")),
                k.containsKey("stoptimeout") && k.get("stoptimeout").canConvertToInt() ? k.get("stoptimeout").asInt() : null,
                nonEmptyList(list(k, "shell")));
    }

    private static String text(Map<String, JsonNode> k, String key) {
        JsonNode n = k.get(key);
        return n != null && n.isTextual() ? n.asText() : "";
    }

    private static boolean bool(Map<String, JsonNode> k, String key) {
        JsonNode n = k.get(key);
        return n != null && n.asBoolean(false);
    }

    /** null stays null (Docker prints {@code null}); a string is Go's one-element StrSlice. */
    private static List<String> list(Map<String, JsonNode> k, String key) {
        JsonNode n = k.get(key);
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return List.of(n.asText());
        if (!n.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) out.add(v.asText());
        return out;
    }

    private static Map<String, Object> map(Map<String, JsonNode> k, String key) {
        JsonNode n = k.get(key);
        if (n == null || !n.isObject()) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> labels(Map<String, JsonNode> k) {
        JsonNode n = k.get("labels");
        if (n == null || !n.isObject()) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static <T> Map<String, T> nonEmpty(Map<String, T> m) {
        return m == null || m.isEmpty() ? null : m;
    }

    private static List<String> nonEmptyList(List<String> l) {
        return l == null || l.isEmpty() ? null : l;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
