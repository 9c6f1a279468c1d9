package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of one route, checked against Docker's API: {@code applied} are the ones the route acts on;
 * {@code refused} are the ones Docker's API defines for this route but Berth does not implement, each with the value
 * that means "not asked for". A refused parameter with any other value is a 400 naming it, so that nothing is
 * accepted and silently ignored. Parameters Docker does not define either are ignored, as Docker ignores them.
 */
public record QueryParams(Set<String> applied, Map<String, String> refused) {
    public static final QueryParams NONE = new QueryParams(Set.of(), Map.of());

    QueryParams applying(String... names) {
        Set<String> more = new LinkedHashSet<>(applied);
        more.addAll(List.of(names));
        return new QueryParams(Set.copyOf(more), refused);
    }

    /** {@code defaultValue} null: the parameter has no default, so only absent or empty counts as not given. */
    QueryParams refusing(String name, String defaultValue) {
        Map<String, String> more = new LinkedHashMap<>(refused);
        more.put(name, defaultValue == null ? "" : defaultValue);
        return new QueryParams(applied, Map.copyOf(more));
    }

    /** Every parameter name this route declares, applied or refused. */
    public Set<String> declared() {
        Set<String> all = new LinkedHashSet<>(applied);
        all.addAll(refused.keySet());
        return all;
    }

    void check(Request request) {
        for (Map.Entry<String, String> r : refused.entrySet()) {
            for (String value : request.queryAll(r.getKey())) {
                if (!isDefault(value, r.getValue())) {
                    throw new InvalidArgumentException("query parameter '" + r.getKey() + "' is not supported by Berth "
                            + "(got \"" + value + "\")");
                }
            }
        }
    }

    /** Empty is never a request; for a boolean defaulting to false every spelling of false is the default. */
    private static boolean isDefault(String value, String defaultValue) {
        String v = value.strip();
        if (v.isEmpty() || v.equals(defaultValue)) return true;
        return defaultValue.equals("false") && switch (v.toLowerCase(Locale.ROOT)) {
            case "0", "no", "false", "none" -> true;
            default -> false;
        };
    }
}
