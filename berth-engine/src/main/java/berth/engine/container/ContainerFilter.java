package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
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
 * before/since a container created earlier/later than the named one, network a network's exact name or a prefix of
 * its id, publish/expose a port ("80", "80/udp", "8000-8010/tcp") among ps's host/container ports (one list: a
 * container matching either passes, as in Docker), volume a mount's volume name (a bind's source) or its destination.
 * Unknown keys are refused; values are checked before anything is listed.
 */
record ContainerFilter(Map<String, List<String>> filters, Function<String, String> imageIdOf,
                       Map<String, Instant> createdOf, Predicate<String> restarting, Function<String, String> healthOf,
                       Set<String> publish, Set<String> expose, Function<ContainerRecord, Map<String, String>> networksOf,
                       Function<ContainerRecord, List<Map<String, Object>>> portsOf,
                       Function<ContainerRecord, List<berth.api.model.MountPoint>> mountsOf) {
    private static final Set<String> KEYS = Set.of("status", "name", "label", "id", "exited", "ancestor", "before",
            "since", "health", "is-task", "network", "publish", "expose", "volume");
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
        Set<String> publish = new HashSet<>();
        Set<String> expose = new HashSet<>();
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
                    case "publish" -> ports(key, v, publish);
                    case "expose" -> ports(key, v, expose);
                    default -> { }
                }
            }
        }
        return new ContainerFilter(f, imageIdOf, Map.copyOf(createdOf), id -> false, id -> "none", Set.copyOf(publish),
                Set.copyOf(expose), r -> Map.of(), r -> List.of(), r -> List.of());
    }

    /** moby's portOp: "port[/proto]" or "low-high[/proto]" (tcp when no protocol is given), as "port/proto" keys. */
    private static void ports(String key, String value, Set<String> into) {
        if (value.contains(":")) {
            throw new InvalidArgumentException("filter for '" + key + "' should not contain ':': " + value);
        }
        int slash = value.indexOf('/');
        String port = slash < 0 ? value : value.substring(0, slash);
        String proto = slash < 0 || slash == value.length() - 1 ? "tcp" : value.substring(slash + 1);
        int dash = port.indexOf('-');
        try {
            int low = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(port.substring(dash + 1));
            if (low < 0 || high > 65535 || high < low) throw new NumberFormatException();
            for (int p = low; p <= high; p++) into.add(p + "/" + proto);
        } catch (NumberFormatException bad) {
            throw new InvalidArgumentException("error while looking up for " + key + " " + value
                    + ": invalid port or port range: " + port);
        }
    }

    /**
     * What the rows do not hold: whether a container waits to be restarted (status "restarting") and its health
     * ("starting", "healthy", "unhealthy", "none").
     */
    ContainerFilter withLiveState(Predicate<String> restartingOf, Function<String, String> health) {
        return new ContainerFilter(filters, imageIdOf, createdOf, restartingOf, health, publish, expose, networksOf,
                portsOf, mountsOf);
    }

    /**
     * What the network filters read: a container's networks (name → id, as inspect's NetworkSettings.Networks) and
     * ps's Ports entries (PublicPort, PrivatePort, Type).
     */
    ContainerFilter withNetworks(Function<ContainerRecord, Map<String, String>> networks,
                                 Function<ContainerRecord, List<Map<String, Object>>> ports) {
        return new ContainerFilter(filters, imageIdOf, createdOf, restarting, healthOf, publish, expose, networks, ports,
                mountsOf);
    }

    /** Where a container's mounts come from (the volume filter). */
    ContainerFilter withMounts(Function<ContainerRecord, List<berth.api.model.MountPoint>> mounts) {
        return new ContainerFilter(filters, imageIdOf, createdOf, restarting, healthOf, publish, expose, networksOf,
                portsOf, mounts);
    }

    boolean matches(ContainerRepository.Row row) {
        return matches(row, false);
    }

    /** {@code paused}: the row's run is frozen, so that it is "paused", not "running", for status filters. */
    boolean matches(ContainerRepository.Row row, boolean paused) {
        if ((!publish.isEmpty() || !expose.isEmpty()) && !portMatches(row.record())) return false;
        for (var e : filters.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) continue;
            if (e.getKey().equals("publish") || e.getKey().equals("expose")) continue;
            if (e.getValue().stream().noneMatch(v -> e.getKey().equals("status") && paused ? v.equals("paused")
                    : matches(e.getKey(), v, row))) {
                return false;
            }
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
            case "network" -> {
                Map<String, String> networks = networksOf.apply(r);
                yield networks.containsKey(value) || networks.values().stream().anyMatch(id -> id != null
                        && !id.isEmpty() && id.startsWith(value));
            }
            // moby daemon/list.go: a volume's name (a bind's source when it has none) or a mount's destination
            case "volume" -> mountsOf.apply(r).stream().anyMatch(m -> value.equals(m.destination())
                    || value.equals(m.name() == null || m.name().isEmpty() ? m.source() : m.name()));
            default -> false;
        };
    }

    /** moby daemon/list.go: some port of ps's list has its host side in publish or its container side in expose. */
    private boolean portMatches(ContainerRecord r) {
        for (Map<String, Object> p : portsOf.apply(r)) {
            Object type = p.get("Type");
            Object pub = p.getOrDefault("PublicPort", 0);
            if (publish.contains(pub + "/" + type) || expose.contains(p.get("PrivatePort") + "/" + type)) return true;
        }
        return false;
    }

    /** moby daemon/list.go: the name with and without its leading slash (the expression was checked in of). */
    private static boolean nameMatches(String regex, String name) {
        Pattern p = Pattern.compile(regex);
        return p.matcher("/" + name).find() || p.matcher(name).find();
    }
}
