package berth.daemon.fakes;

import berth.api.model.EventMessage;
import berth.engine.events.EventService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** An EventService that hands every published event to every subscriber, and remembers what they asked for. */
public final class FakeEvents implements EventService {
    public final List<Map<String, List<String>>> subscribedFilters = new CopyOnWriteArrayList<>();
    private final List<Consumer<EventMessage>> sinks = new CopyOnWriteArrayList<>();
    public final CountDownLatch subscribed = new CountDownLatch(1);

    @Override
    public void publish(String type, String action, String id, Map<String, String> attributes) {
        EventMessage e = new EventMessage(action, id, attributes.get("image"), type, action,
                new EventMessage.Actor(id, attributes), "local", 1, 1_000_000_000L);
        sinks.forEach(s -> s.accept(e));
    }

    public boolean hasSubscribers() {
        return !sinks.isEmpty();
    }

    @Override
    public int subscribers() {
        return sinks.size();
    }

    @Override
    public Subscription subscribe(Map<String, List<String>> filters, long sinceNanos, long untilNanos,
                                  Consumer<EventMessage> sink) {
        subscribedFilters.add(filters);
        sinks.add(sink);
        CountDownLatch done = new CountDownLatch(1);
        subscribed.countDown();
        return new Subscription() {
            @Override
            public void await() throws InterruptedException {
                done.await();
            }

            @Override
            public void close() {
                sinks.remove(sink);
                done.countDown();
            }
        };
    }
}
