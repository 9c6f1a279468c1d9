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
    /** Events one subscriber may be behind: a whole history replay plus as many live ones. */
    static final int QUEUE = 2 * HISTORY;

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
        sub.start();
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

    /**
     * One subscriber: publishers only append to its bounded queue, and its own virtual thread hands the events to
     * the sink, which may block (a client that reads slowly). A subscriber that falls {@link #QUEUE} events behind
     * is closed, never waited for, so a client that stops reading costs at most its queue.
     */
    private final class LiveSubscription implements Subscription {
        private final EventFilter filter;
        private final long untilNanos;
        private final Consumer<EventMessage> sink;
        private final ArrayDeque<EventMessage> queue = new ArrayDeque<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread delivery;
        private boolean closed;
        private volatile boolean fellBehind;

        LiveSubscription(EventFilter filter, long untilNanos, Consumer<EventMessage> sink) {
            this.filter = filter;
            this.untilNanos = untilNanos;
            this.sink = sink;
            this.delivery = Thread.ofVirtual().name("events-subscriber").unstarted(this::deliver);
        }

        void start() {
            delivery.start();
        }

        void offer(EventMessage event) {
            if ((untilNanos > 0 && event.timeNano() > untilNanos) || !filter.matches(event)) return;
            synchronized (this) {
                if (closed) return;
                if (queue.size() < QUEUE) {
                    queue.addLast(event);
                    notifyAll();
                    return;
                }
                fellBehind = true;
                queue.clear();
            }
            close();
            delivery.interrupt(); // it may be blocked writing to a client that does not read
        }

        private void deliver() {
            try {
                while (true) {
                    EventMessage next;
                    synchronized (this) {
                        while (queue.isEmpty() && !closed) wait();
                        if (queue.isEmpty()) return;
                        next = queue.pollFirst();
                    }
                    sink.accept(next);
                }
            } catch (InterruptedException | RuntimeException e) {
                close(); // fell behind, or the client went away
            } finally {
                synchronized (this) {
                    queue.clear();
                }
                done.countDown();
            }
        }

        @Override
        public void await() throws InterruptedException {
            done.await();
        }

        @Override
        public boolean fellBehind() {
            return fellBehind;
        }

        /** Stops taking events; those already queued are still delivered, then {@link #await} returns. */
        @Override
        public void close() {
            subscribers.remove(this);
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}
