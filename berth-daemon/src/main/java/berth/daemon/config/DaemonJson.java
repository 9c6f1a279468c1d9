package berth.daemon.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads daemon.json, accepting only the keys berthd implements, with dockerd's key names and error messages. */
final class DaemonJson {
    private static final Set<String> LISTS = Set.of("hosts", "insecure-registries", "registry-mirrors");
    private static final Set<String> STRINGS = Set.of("data-root", "exec-root", "log-level", "pidfile", "log-driver",
            "tlscacert", "tlscert", "tlskey", "bip", "bridge", "certs-dir");
    private static final Set<String> STRING_MAPS = Set.of("log-opts");
    private static final Set<String> BOOLS = Set.of("debug", "tls", "tlsverify");
    /** Whole seconds, at least 1 (Berth's own keys; dockerd has no registry read timeouts). */
    static final Set<String> SECONDS = Set.of("registry-connect-timeout", "registry-response-timeout",
            "registry-stall-timeout");
    /** Whole numbers, at least 1 (dockerd's transfer limits). */
    static final Set<String> COUNTS = Set.of("max-concurrent-downloads", "max-concurrent-uploads");
    private static final JsonFactory JSON = new JsonFactory();
    /** JSON's null, which no key accepts. */
    private static final Object NULL = new Object();

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

    /**
     * The file's keys and values. Read with Jackson's streaming parser, not its object mapper: setting the mapper up
     * took ~0.1 s of CPU, and berthd reads this file before its socket answers.
     */
    static Map<String, Object> parse(String text) throws ConfigException {
        if (text.isBlank()) return Map.of();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new ConfigException("the configuration must be a JSON object");
            Set<String> unknown = new LinkedHashSet<>();
            Map<String, Object> values = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getCharOffset();
                Object value = value(p);
                // the value as written, for error messages
                String raw = text.substring((int) start, (int) p.currentLocation().getCharOffset());
                if (LISTS.contains(key)) values.put(key, stringList(key, value, raw));
                else if (key.equals("default-address-pools")) values.put(key, pools(key, value, raw));
                else if (key.equals("dashboard")) values.putAll(DashboardSettings.fromJson(value, raw));
                else if (STRING_MAPS.contains(key)) values.put(key, stringMap(key, value, raw));
                else if (STRINGS.contains(key) && value instanceof String) values.put(key, value);
                else if (BOOLS.contains(key) && value instanceof Boolean) values.put(key, value);
                else if (SECONDS.contains(key) && value instanceof Integer seconds && seconds > 0) values.put(key, seconds);
                else if (COUNTS.contains(key) && value instanceof Integer n && n > 0) values.put(key, n);
                else if (STRINGS.contains(key) || BOOLS.contains(key) || SECONDS.contains(key) || COUNTS.contains(key)) {
                    throw typeError(key, raw);
                }
                else unknown.add(key);
            }
            if (!unknown.isEmpty()) {
                throw new ConfigException("the following directives don't match any configuration option: "
                        + String.join(", ", unknown));
            }
            return values;
        } catch (JsonProcessingException e) {
            throw new ConfigException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * The value at the parser's current token, as String, Boolean, Integer (whole numbers that fit), Long, BigInteger,
     * Double, List, Map or {@link #NULL}; the parser is left on the value's last token.
     */
    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) items.add(value(p));
                yield items;
            }
            case START_OBJECT -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.put(name, value(p));
                }
                yield fields;
            }
            default -> NULL;
        };
    }

    private static List<String> stringList(String key, Object value, String raw) throws ConfigException {
        if (!(value instanceof List<?> items)) throw typeError(key, raw);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text)) throw typeError(key, raw);
            out.add(text);
        }
        return out;
    }

    /** [{"base": "10.10.0.0/16", "size": 24}] → ["base=10.10.0.0/16,size=24"], the flag's form. */
    private static List<String> pools(String key, Object value, String raw) throws ConfigException {
        if (!(value instanceof List<?> items)) throw typeError(key, raw);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> pool) || !(pool.get("base") instanceof String base)
                    || !(pool.get("size") instanceof Integer size)) {
                throw typeError(key, raw);
            }
            out.add("base=" + base + ",size=" + size);
        }
        return out;
    }

    private static Map<String, String> stringMap(String key, Object value, String raw) throws ConfigException {
        if (!(value instanceof Map<?, ?> fields)) throw typeError(key, raw);
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            if (!(e.getValue() instanceof String text)) throw typeError(key, raw);
            out.put((String) e.getKey(), text);
        }
        return out;
    }

    private static ConfigException typeError(String key, String raw) {
        return new ConfigException("invalid value for \"" + key + "\": " + raw);
    }
}
