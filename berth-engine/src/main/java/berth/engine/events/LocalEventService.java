package berth.engine.events;

import berth.api.model.EventMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** In-memory event bus with a bounded history for {@code since}, like dockerd's events buffer (256 there; more here). */
final class LocalEventService implements EventService {
    private static final int HISTORY = 1024;

    private final ArrayDeque<EventMessage> history = new ArrayDeque<>();
    private final List<LiveSubscription> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String type, String action, String id, Map<String, String> attributes) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        boolean legacy = type.equals("container") || type.equals("image");
        EventMessage event = new EventMessage(legacy ? action : null, legacy ? id : null,
                type.equals("container") ? attributes.get("image") : null, type, action,
                new EventMessage.Actor(id, Map.copyOf(attributes)), "local", now.getEpochSecond(), nanos);
        synchronized (history) {
            history.addLast(event);
            if (history.size() > HISTORY) history.removeFirst();
        }
        for (LiveSubscription s : subscribers) s.offer(event);
    }

    @Override
    public Subscription subscribe(Map<String, List<String>> filters, long sinceNanos, long untilNanos,
                                  Consumer<EventMessage> sink) {
        EventFilter filter = EventFilter.of(filters);
        LiveSubscription sub = new LiveSubscription(filter, untilNanos, sink);
        List<EventMessage> replay;
        synchronized (history) {
            replay = sinceNanos > 0 ? history.stream().filter(e -> e.timeNano() >= sinceNanos).toList() : List.of();
            subscribers.add(sub);
        }
        replay.forEach(sub::offer);
        if (untilNanos > 0) {
            long delay = untilNanos - System.currentTimeMillis() * 1_000_000L;
            Thread.ofVirtual().start(() -> {
                try {
                    if (delay > 0) TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException ignored) {
                    // closing early is fine
                }
                sub.close();
            });
        }
        return sub;
    }

    @Override
    public int subscribers() {
        return subscribers.size();
    }

    private final class LiveSubscription implements Subscription {
        private final EventFilter filter;
        private final long untilNanos;
        private final Consumer<EventMessage> sink;
        private final CountDownLatch done = new CountDownLatch(1);

        LiveSubscription(EventFilter filter, long untilNanos, Consumer<EventMessage> sink) {
            this.filter = filter;
            this.untilNanos = untilNanos;
            this.sink = sink;
        }

        synchronized void offer(EventMessage event) {
            if (done.getCount() == 0 || (untilNanos > 0 && event.timeNano() > untilNanos) || !filter.matches(event)) return;
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                close(); // the client went away
            }
        }

        @Override
        public void await() throws InterruptedException {
            done.await();
        }

        @Override
        public void close() {
            subscribers.remove(this);
            done.countDown();
        }
    }
}
