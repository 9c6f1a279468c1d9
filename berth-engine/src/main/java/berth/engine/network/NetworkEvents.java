package berth.engine.network;

import berth.engine.events.EventService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Network events with Docker's shape: type "network", the network's id as the actor, its name and driver as
 * attributes, and the container for connect and disconnect. A container is connected when a run of it joins the
 * network (at its start, or by a live {@code network connect}) and disconnected when it leaves, as with Docker;
 * changing the networks of a container that is not running publishes nothing.
 */
final class NetworkEvents {
    private final EventService events;

    /** {@code events} null: a Networking of engine tests, which nobody listens to. */
    NetworkEvents(EventService events) {
        this.events = events;
    }

    void created(NetworkRecord n) {
        publish("create", n.id(), n.name(), n.driver(), null);
    }

    void destroyed(NetworkRecord n) {
        publish("destroy", n.id(), n.name(), n.driver(), null);
    }

    void connected(String networkId, String networkName, String containerId) {
        publish("connect", networkId, networkName, "bridge", containerId);
    }

    void disconnected(String networkId, String networkName, String containerId) {
        publish("disconnect", networkId, networkName, "bridge", containerId);
    }

    private void publish(String action, String id, String name, String driver, String containerId) {
        if (events == null) return;
        Map<String, String> a = new LinkedHashMap<>();
        if (containerId != null) a.put("container", containerId);
        a.put("name", name);
        a.put("type", driver);
        events.publish("network", action, id, a);
    }
}
