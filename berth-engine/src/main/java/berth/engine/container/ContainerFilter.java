package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The filters of {@code GET /containers/json}: values of one key are alternatives, keys must all match.
 * name is a regular expression searched in "/name" and "name" (as Docker does), id a prefix, label "k" or "k=v".
 */
record ContainerFilter(Map<String, List<String>> filters, Function<String, String> imageIdOf) {
    private static final Set<String> KEYS = Set.of("status", "name", "label", "id", "exited", "ancestor", "before",
            "since", "volume", "network", "health", "isolation", "is-task", "publish", "expose");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    static ContainerFilter of(Map<String, List<String>> filters, Function<String, String> imageIdOf) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        for (var e : f.entrySet()) {
            if (!KEYS.contains(e.getKey())) throw new InvalidArgumentException("invalid filter '" + e.getKey() + "'");
            if (e.getKey().equals("status")) {
                for (String v : e.getValue()) {
                    if (!STATUSES.contains(v)) throw new InvalidArgumentException("invalid filter 'status=" + v + "'");
                }
            }
        }
        return new ContainerFilter(f, imageIdOf);
    }

    boolean matches(ContainerRepository.Row row) {
        for (var e : filters.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) continue;
            if (e.getValue().stream().noneMatch(v -> matches(e.getKey(), v, row))) return false;
        }
        return true;
    }

    /** Whether a status filter asks for non-running containers, which makes the list include them without -a. */
    boolean listsStopped() {
        return filters.containsKey("status") || filters.containsKey("exited");
    }

    private boolean matches(String key, String value, ContainerRepository.Row row) {
        ContainerRecord r = row.record();
        return switch (key) {
            case "status" -> value.equals(row.state().status().docker());
            case "name" -> nameMatches(value, r.name());
            case "id" -> r.id().startsWith(value);
            case "label" -> {
                Map<String, String> labels = r.config().labels() == null ? Map.of() : r.config().labels();
                int eq = value.indexOf('=');
                yield eq < 0 ? labels.containsKey(value) : value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
            }
            case "exited" -> row.state().status() == ContainerStatus.EXITED && value.equals(String.valueOf(row.state().exitCode()));
            case "ancestor" -> value.equals(r.imageName()) || r.imageId().equals(imageIdOf.apply(value))
                    || r.imageId().startsWith("sha256:" + value) || r.imageId().equals(value);
            default -> false;
        };
    }

    /** moby daemon/list.go: the name with and without its leading slash; a bad expression matches nothing. */
    private static boolean nameMatches(String regex, String name) {
        try {
            Pattern p = Pattern.compile(regex);
            return p.matcher("/" + name).find() || p.matcher(name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
