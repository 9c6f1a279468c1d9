package berth.engine.events;

import berth.api.model.EventMessage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Engine events (container create/start/die/destroy..., image pull/tag/untag/delete/import/push) for
 * {@code GET /events}. Published after the change they report is committed. Keeps a bounded history so that
 * {@code since} can replay recent events.
 */
public interface EventService {

    static EventService create() {
        return new LocalEventService();
    }

    /** Publishes an event of {@code type} ("container", "image") about {@code id} with actor attributes. */
    void publish(String type, String action, String id, Map<String, String> attributes);

    /**
     * Subscribes with Docker's event filters (type, event/action, container, image, label). Replays history from
     * {@code sinceNanos} (0 = none), then live events until {@code untilNanos} (0 = forever) or the subscription is closed.
     */
    Subscription subscribe(Map<String, List<String>> filters, long sinceNanos, long untilNanos, Consumer<EventMessage> sink);

    /** How many subscriptions are open now ({@code /info}'s NEventsListener). */
    int subscribers();

    interface Subscription extends AutoCloseable {
        /** Blocks until the subscription ends (closed, {@code until} passed, or fallen behind) and its events are delivered. */
        void await() throws InterruptedException;

        /** True when it ended because the subscriber did not take its events fast enough (they were dropped). */
        default boolean fellBehind() {
            return false;
        }

        @Override
        void close();
    }
}
