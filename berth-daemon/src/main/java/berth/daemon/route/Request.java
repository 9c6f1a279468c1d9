package berth.daemon.route;

import berth.api.ApiVersion;
import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One API request as a route sees it: the version prefix already stripped, the query decoded, header names in
 * lower case, path parameters filled in by the {@link Router}, and the body as a stream that is never buffered
 * whole (an import uploads a root filesystem).
 */
public record Request(String method, String path, ApiVersion version, Map<String, List<String>> query,
                      Map<String, String> headers, Map<String, String> params, InputStream body) {
    /** The largest JSON request body berthd reads; a create request with a large environment is a few kB. */
    public static final int MAX_JSON_BODY = 4 << 20;

    private static PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("request body is larger than " + (MAX_JSON_BODY >> 20) + " MiB");
    }

    Request withParams(Map<String, String> pathParams) {
        return new Request(method, path, version, query, headers, pathParams, body);
    }

    public String param(String name) {
        return params.get(name);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** Docker's boolean query values: absent, "", "0", "no", "false" and "none" are false (moby httputils.BoolValue). */
    public boolean bool(String name) {
        String v = query(name);
        if (v == null) return false;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "", "0", "no", "false", "none" -> false;
            default -> true;
        };
    }

    /** An integer parameter; absent or empty gives null. */
    public Integer integer(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) return null;
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + v);
        }
    }

    /** The filters parameter, in either of its JSON forms. */
    public Map<String, List<String>> filters() {
        return Filters.parse(query("filters"));
    }

    /**
     * Reads a JSON body into {@code type}; an empty body is null. At most {@link #MAX_JSON_BODY} bytes are read: a
     * larger body is a 413 before it is held in memory (the dispatcher discards the rest as it arrives).
     */
    public <T> T json(Class<T> type) {
        String declared = header("content-length");
        if (declared != null && declared.strip().matches("\\d{1,18}") && Long.parseLong(declared.strip()) > MAX_JSON_BODY) {
            throw tooLarge();
        }
        try {
            byte[] bytes = body.readNBytes(MAX_JSON_BODY + 1);
            if (bytes.length > MAX_JSON_BODY) throw tooLarge();
            if (bytes.length == 0) return null;
            return Json.mapper().readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
