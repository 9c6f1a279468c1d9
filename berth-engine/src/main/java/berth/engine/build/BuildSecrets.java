package berth.engine.build;

import berth.api.errors.InvalidArgumentException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secrets a build was given ({@code berth build --secret}), by id. They reach berthd in a request header, never
 * in the context, and only {@code RUN --mount=type=secret} reads them: as a file on a tmpfs-backed bind mount or as
 * an environment variable of that one step. {@link #toString()} names the ids only, so that no log shows a value.
 */
public final class BuildSecrets {
    /** The request header that carries them: base64 of a JSON object, secret id to base64 of its value. */
    public static final String HEADER = "X-Berth-Build-Secrets";

    private static final BuildSecrets NONE = new BuildSecrets(Map.of());

    private final Map<String, byte[]> values;

    private BuildSecrets(Map<String, byte[]> values) {
        this.values = values;
    }

    public static BuildSecrets none() {
        return NONE;
    }

    /** The secrets by id; an empty id is refused. */
    public static BuildSecrets of(Map<String, byte[]> values) {
        Map<String, byte[]> copy = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) throw new InvalidArgumentException("a build secret needs an id");
            copy.put(e.getKey(), e.getValue().clone());
        }
        return copy.isEmpty() ? NONE : new BuildSecrets(copy);
    }

    /** Reads the {@link #HEADER} value (null or blank: no secrets). */
    public static BuildSecrets fromHeader(String header) {
        if (header == null || header.isBlank()) return NONE;
        try {
            byte[] json = decode(header.strip());
            Map<String, String> encoded = berth.api.Json.mapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, String>>() {});
            Map<String, byte[]> values = new TreeMap<>();
            for (Map.Entry<String, String> e : encoded.entrySet()) {
                if (e.getValue() == null) throw new IllegalArgumentException("secret " + e.getKey() + " has no value");
                values.put(e.getKey(), decode(e.getValue()));
            }
            return of(values);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid " + HEADER + " header: " + e.getMessage());
        }
    }

    /** The {@link #HEADER} value for these secrets. */
    public String toHeader() {
        Map<String, String> encoded = new TreeMap<>();
        values.forEach((id, v) -> encoded.put(id, Base64.getEncoder().encodeToString(v)));
        try {
            return Base64.getEncoder().encodeToString(berth.api.Json.mapper().writeValueAsBytes(encoded));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String s) {
        String url = s.replace('+', '-').replace('/', '_').replace("=", "");
        return Base64.getUrlDecoder().decode(url);
    }

    public Optional<byte[]> get(String id) {
        byte[] v = values.get(id);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BuildSecrets other) || !other.values.keySet().equals(values.keySet())) return false;
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "BuildSecrets" + values.keySet();
    }
}
