package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filters of {@code GET /containers/json}: values of one key are alternatives, keys must all match.
 * name is a regular expression searched in "/name" and "name" (as Docker does), id a prefix, label "k" or "k=v",
 * before/since a container created earlier/later than the named one. Keys of Docker's that Berth cannot apply yet
 * (networks, volumes, ports) are refused like unknown ones; values are checked before anything is listed.
 */
record ContainerFilter(Map<String, List<String>> filters, Function<String, String> imageIdOf,
                       Map<String, Instant> createdOf, Predicate<String> restarting, Function<String, String> healthOf) {
    private static final Set<String> KEYS = Set.of("status", "name", "label", "id", "exited", "ancestor", "before",
            "since", "health", "is-task");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    static ContainerFilter of(Map<String, List<String>> filters, Function<String, String> imageIdOf) {
        return of(filters, imageIdOf, name -> {
            throw berth.api.errors.NotFoundException.container(name);
        });
    }

    /** {@code containerOf} resolves the names given to before/since (unknown ones are 404, as in Docker). */
    static ContainerFilter of(Map<String, List<String>> filters, Function<String, String> imageIdOf,
                              Function<String, ContainerRecord> containerOf) {
        Map<String, List<String>> f = filters == null ? Map.of() : filters;
        Map<String, Instant> createdOf = new HashMap<>();
        for (var e : f.entrySet()) {
            String key = e.getKey();
            if (!KEYS.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
            for (String v : e.getValue()) {
                switch (key) {
                    case "status" -> {
                        if (!STATUSES.contains(v)) throw new InvalidArgumentException("invalid filter 'status=" + v + "'");
                    }
                    case "health" -> {
                        if (!HEALTH.contains(v)) throw new InvalidArgumentException("Unrecognised filter value for health: " + v);
                    }
                    case "is-task" -> {
                        if (!v.equals("true") && !v.equals("false")) {
                            throw new InvalidArgumentException("invalid filter 'is-task=" + v + "': expected true or false");
                        }
                    }
                    case "exited" -> {
                        if (!v.matches("-?\\d{1,9}")) {
                            throw new InvalidArgumentException("invalid filter 'exited=" + v + "': not an exit code");
                        }
                    }
                    case "name" -> {
                        try {
                            Pattern.compile(v);
                        } catch (PatternSyntaxException bad) {
                            throw new InvalidArgumentException("invalid filter 'name=" + v + "': bad regular expression: "
                                    + bad.getDescription());
                        }
                    }
                    case "before", "since" -> createdOf.put(v, Instant.parse(containerOf.apply(v).created()));
                    default -> { }
                }
            }
        }
        return new ContainerFilter(f, imageIdOf, Map.copyOf(createdOf), id -> false, id -> "none");
    }

    /**
     * What the rows do not hold: whether a container waits to be restarted (status "restarting") and its health
     * ("starting", "healthy", "unhealthy", "none").
     */
    ContainerFilter withLiveState(Predicate<String> restartingOf, Function<String, String> health) {
        return new ContainerFilter(filters, imageIdOf, createdOf, restartingOf, health);
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
            case "status" -> value.equals(restarting.test(r.id()) ? "restarting" : row.state().status().docker());
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
            case "before" -> Instant.parse(r.created()).isBefore(createdOf.get(value));
            case "since" -> Instant.parse(r.created()).isAfter(createdOf.get(value));
            case "health" -> value.equals(healthOf.apply(r.id()));
            // nor swarm tasks
            case "is-task" -> value.equals("false");
            default -> false;
        };
    }

    /** moby daemon/list.go: the name with and without its leading slash (the expression was checked in of). */
    private static boolean nameMatches(String regex, String name) {
        Pattern p = Pattern.compile(regex);
        return p.matcher("/" + name).find() || p.matcher(name).find();
    }
}
