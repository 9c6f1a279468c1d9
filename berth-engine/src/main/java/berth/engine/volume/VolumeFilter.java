package berth.engine.volume;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filters of {@code GET /volumes} (dangling, name, label, driver) and of {@code POST /volumes/prune} (label,
 * label!, all). A name filter is a regular expression searched in the name, as moby's filters.Match does.
 */
record VolumeFilter(Map<String, List<String>> filters) {
    private static final Set<String> LIST_KEYS = Set.of("dangling", "name", "label", "driver");
    private static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "all");

    static VolumeFilter forList(Map<String, List<String>> filters) {
        check(filters, LIST_KEYS);
        for (String d : filters.getOrDefault("dangling", List.of())) bool(d, "dangling");
        for (String n : filters.getOrDefault("name", List.of())) {
            try {
                Pattern.compile(n);
            } catch (PatternSyntaxException e) {
                throw new InvalidArgumentException("invalid filter 'name=" + n + "': " + e.getDescription());
            }
        }
        return new VolumeFilter(filters);
    }

    static VolumeFilter forPrune(Map<String, List<String>> filters) {
        check(filters, PRUNE_KEYS);
        for (String a : filters.getOrDefault("all", List.of())) bool(a, "all");
        return new VolumeFilter(filters);
    }

    private static void check(Map<String, List<String>> filters, Set<String> keys) {
        for (String key : filters.keySet()) {
            if (!keys.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
    }

    static boolean bool(String value, String key) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidArgumentException("invalid filter '" + key + "=" + value + "'");
        };
    }

    /** prune's all=true: every unused volume, not only anonymous ones. */
    boolean all() {
        for (String a : filters.getOrDefault("all", List.of())) if (bool(a, "all")) return true;
        return false;
    }

    boolean matches(VolumeRecord v, boolean inUse) {
        for (String d : filters.getOrDefault("dangling", List.of())) if (bool(d, "dangling") == inUse) return false;
        List<String> names = filters.getOrDefault("name", List.of());
        if (!names.isEmpty() && names.stream().noneMatch(n -> Pattern.compile(n).matcher(v.name()).find())) return false;
        List<String> drivers = filters.getOrDefault("driver", List.of());
        if (!drivers.isEmpty() && !drivers.contains(v.driver())) return false;
        for (String l : filters.getOrDefault("label", List.of())) if (!hasLabel(v, l)) return false;
        for (String l : filters.getOrDefault("label!", List.of())) if (hasLabel(v, l)) return false;
        return true;
    }

    /** {@code key} or {@code key=value}. */
    private static boolean hasLabel(VolumeRecord v, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) return v.labels().containsKey(filter);
        return filter.substring(eq + 1).equals(v.labels().get(filter.substring(0, eq)));
    }
}
