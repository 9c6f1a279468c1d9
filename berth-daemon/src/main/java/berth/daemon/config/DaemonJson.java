package berth.daemon.config;

import berth.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads daemon.json, accepting only the keys berthd implements, with dockerd's key names and error messages. */
final class DaemonJson {
    private static final Set<String> LISTS = Set.of("hosts", "insecure-registries");
    private static final Set<String> STRINGS = Set.of("data-root", "exec-root", "log-level", "pidfile", "log-driver",
            "tlscacert", "tlscert", "tlskey", "bip", "bridge");
    private static final Set<String> STRING_MAPS = Set.of("log-opts");
    private static final Set<String> BOOLS = Set.of("debug", "tls", "tlsverify");
    /** Whole seconds, at least 1 (Berth's own keys; dockerd has no registry read timeouts). */
    static final Set<String> SECONDS = Set.of("registry-connect-timeout", "registry-response-timeout",
            "registry-stall-timeout");

    private DaemonJson() {}

    /** The file's settings; an absent file is an empty configuration unless the user named it explicitly. */
    static Map<String, Object> read(Path file, boolean mustExist) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (mustExist) throw new ConfigException("unable to configure the Docker daemon with file " + file
                    + ": open " + file + ": no such file or directory");
            return Map.of();
        } catch (IOException e) {
            throw new ConfigException("unable to configure the Docker daemon with file " + file + ": " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException("unable to configure the Docker daemon with file " + file + ": " + e.getMessage());
        }
    }

    static Map<String, Object> parse(String text) throws ConfigException {
        if (text.isBlank()) return Map.of();
        JsonNode root;
        try {
            root = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(e.getOriginalMessage());
        }
        if (!root.isObject()) throw new ConfigException("the configuration must be a JSON object");
        List<String> unknown = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (LISTS.contains(key)) values.put(key, stringList(key, value));
            else if (key.equals("default-address-pools")) values.put(key, pools(key, value));
            else if (STRING_MAPS.contains(key)) values.put(key, stringMap(key, value));
            else if (STRINGS.contains(key) && value.isTextual()) values.put(key, value.asText());
            else if (BOOLS.contains(key) && value.isBoolean()) values.put(key, value.asBoolean());
            else if (SECONDS.contains(key) && value.canConvertToInt() && value.isIntegralNumber() && value.asInt() > 0) {
                values.put(key, value.asInt());
            }
            else if (STRINGS.contains(key) || BOOLS.contains(key) || SECONDS.contains(key)) throw typeError(key, value);
            else unknown.add(key);
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("the following directives don't match any configuration option: "
                    + String.join(", ", unknown));
        }
        return values;
    }

    private static List<String> stringList(String key, JsonNode value) throws ConfigException {
        if (!value.isArray()) throw typeError(key, value);
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) throw typeError(key, value);
            out.add(item.asText());
        }
        return out;
    }

    /** [{"base": "10.10.0.0/16", "size": 24}] → ["base=10.10.0.0/16,size=24"], the flag's form. */
    private static List<String> pools(String key, JsonNode value) throws ConfigException {
        if (!value.isArray()) throw typeError(key, value);
        List<String> out = new ArrayList<>();
        for (JsonNode p : value) {
            if (!p.isObject() || !p.path("base").isTextual() || !p.path("size").isIntegralNumber()) throw typeError(key, value);
            out.add("base=" + p.get("base").asText() + ",size=" + p.get("size").asInt());
        }
        return out;
    }

    private static Map<String, String> stringMap(String key, JsonNode value) throws ConfigException {
        if (!value.isObject()) throw typeError(key, value);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw typeError(key, value);
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static ConfigException typeError(String key, JsonNode value) {
        return new ConfigException("invalid value for \"" + key + "\": " + value);
    }
}
