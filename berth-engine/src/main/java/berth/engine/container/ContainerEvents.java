package berth.engine.container;

import berth.engine.events.EventService;
import java.util.LinkedHashMap;
import java.util.Map;

/** Publishes container events with Docker's attributes: the container's labels, its image and its name. */
final class ContainerEvents {
    private final EventService events;

    ContainerEvents(EventService events) {
        this.events = events;
    }

    void publish(ContainerRecord r, String action) {
        publish(r, action, Map.of());
    }

    /** An event about containers as a whole (prune), with no container of its own. */
    void publishGlobal(String action, Map<String, String> attributes) {
        events.publish("container", action, "", attributes);
    }

    void publish(ContainerRecord r, String action, Map<String, String> extra) {
        Map<String, String> a = new LinkedHashMap<>();
        if (r.config().labels() != null) a.putAll(r.config().labels());
        a.put("image", r.imageName());
        a.put("name", r.name());
        a.putAll(extra);
        events.publish("container", action, r.id(), a);
    }
}
