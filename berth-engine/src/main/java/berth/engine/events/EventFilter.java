package berth.engine.events;

import berth.api.model.EventMessage;
import java.util.List;
import java.util.Map;

/**
 * Docker's event filters: values of one key are alternatives (OR), different keys must all match (AND).
 * container/image/network match the actor ID or its name/image attribute; label matches "key" or "key=value".
 */
record EventFilter(Map<String, List<String>> filters) {
    private static final java.util.Set<String> KEYS = java.util.Set.of("container", "event", "action", "image", "label",
            "type", "scope", "network", "volume", "daemon", "plugin", "node", "service", "secret", "config");

    static EventFilter of(Map<String, List<String>> filters) {
        if (filters == null) return new EventFilter(Map.of());
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key)) throw new berth.api.errors.InvalidArgumentException("invalid filter '" + key + "'");
        }
        return new EventFilter(filters);
    }

    boolean matches(EventMessage e) {
        for (var entry : filters.entrySet()) {
            List<String> values = entry.getValue();
            if (values == null || values.isEmpty()) continue;
            boolean any = values.stream().anyMatch(v -> matches(entry.getKey(), v, e));
            if (!any) return false;
        }
        return true;
    }

    private static boolean matches(String key, String value, EventMessage e) {
        Map<String, String> attrs = e.actor().attributes();
        return switch (key) {
            case "type" -> value.equals(e.type());
            case "event", "action" -> value.equals(e.action()) || e.action().startsWith(value + ":");
            case "container" -> e.type().equals("container")
                    && (e.actor().id().startsWith(value) || value.equals(attrs.get("name")));
            case "image" -> (e.type().equals("image") && (e.actor().id().equals(value) || e.actor().id().startsWith(value)
                    || value.equals(attrs.get("name")))) || value.equals(attrs.get("image"));
            case "label" -> {
                int eq = value.indexOf('=');
                yield eq < 0 ? attrs.containsKey(value) : value.substring(eq + 1).equals(attrs.get(value.substring(0, eq)));
            }
            case "scope" -> value.equals(e.scope());
            // Docker's fuzzy match: the network's id or name, whole or a prefix of it
            case "network" -> e.type().equals("network") && (e.actor().id().startsWith(value)
                    || (attrs.get("name") != null && attrs.get("name").startsWith(value)));
            // moby's events filter: a volume event whose actor (the volume's name) is the value
            case "volume" -> e.type().equals("volume") && e.actor().id().equals(value);
            // daemon, plugin, ...: Berth emits no events of those kinds, so nothing matches them
            default -> false;
        };
    }
}
