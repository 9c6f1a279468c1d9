package berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.EventMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LocalEventServiceTest {
    private final EventService events = EventService.create();

    @Test
    void subscribersReceiveEventsPublishedAfterSubscribing() {
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of(), 0, 0, got::add)) {
            events.publish("container", "start", "abc", Map.of("name", "web", "image", "busybox"));
            delivered(sub);
        }
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("start");
            assertThat(e.status()).isEqualTo("start");
            assertThat(e.from()).isEqualTo("busybox");
            assertThat(e.actor().attributes()).containsEntry("name", "web");
        });
    }

    @Test
    void typeAndContainerFiltersMustAllMatch() {
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of("type", List.of("container"), "container", List.of("web")), 0, 0, got::add)) {
            events.publish("container", "create", "a1", Map.of("name", "web"));
            events.publish("container", "create", "b2", Map.of("name", "db"));
            events.publish("image", "tag", "sha256:1", Map.of("name", "web"));
            delivered(sub);
        }
        assertThat(got).extracting(EventMessage::id).containsExactly("a1");
    }

    @Test
    void networkFilterMatchesNetworkEventsByIdOrNamePrefix() {
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of("network", List.of("front", "9f8e")), 0, 0, got::add)) {
            events.publish("network", "create", "aaaa1111", Map.of("name", "frontend", "type", "bridge"));
            events.publish("network", "create", "9f8e7d6c", Map.of("name", "other", "type", "bridge"));
            events.publish("network", "create", "bbbb2222", Map.of("name", "back", "type", "bridge"));
            events.publish("container", "create", "cccc3333", Map.of("name", "frontend"));
            delivered(sub);
        }
        assertThat(got).extracting(e -> e.actor().id()).containsExactly("aaaa1111", "9f8e7d6c");
    }

    @Test
    void volumeFilterMatchesVolumeEventsByName() {
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of("volume", List.of("data")), 0, 0, got::add)) {
            events.publish("volume", "create", "data", Map.of("driver", "local"));
            events.publish("volume", "create", "database", Map.of("driver", "local"));
            events.publish("container", "create", "data", Map.of("name", "data"));
            events.publish("volume", "destroy", "data", Map.of("driver", "local"));
            delivered(sub);
        }
        assertThat(got).extracting(EventMessage::action).containsExactly("create", "destroy");
    }

    @Test
    void sinceReplaysHistory() {
        events.publish("image", "pull", "busybox:latest", Map.of("name", "busybox:latest"));
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of(), 1, 0, got::add)) {
            delivered(sub);
            assertThat(got).extracting(EventMessage::action).containsExactly("pull");
        }
    }

    @Test
    void subscriptionEndsAtUntil() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        var sub = events.subscribe(Map.of(), 0, now + 50_000_000L, e -> {});
        sub.await();
    }

    /** Closes the subscription and waits until what was queued has reached the sink. */
    private static void delivered(EventService.Subscription sub) {
        sub.close();
        try {
            sub.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSubscriberThatNeverTakesItsEventsIsClosedWithoutHoldingUpPublishersOrOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        List<EventMessage> fast = new CopyOnWriteArrayList<>();
        var stuck = events.subscribe(Map.of(), 0, 0, e -> {
            try {
                never.await(); // a client whose socket never drains
            } catch (InterruptedException interrupted) {
                throw new IllegalStateException("interrupted");
            }
        });
        try (var other = events.subscribe(Map.of(), 0, 0, fast::add)) {
            int count = LocalEventService.QUEUE + 10;
            for (int i = 0; i < count; i++) {
                events.publish("container", "start", "c" + i, Map.of());
                while (i % 256 == 255 && fast.size() <= i) Thread.sleep(1); // the reading subscriber keeps up
            }
            stuck.await();
            assertThat(stuck.fellBehind()).isTrue();
            delivered(other);
            assertThat(fast).hasSize(count);
            assertThat(other.fellBehind()).isFalse();
        }
        assertThat(events.subscribers()).isZero();
    }

    @Test
    void unknownFilterKeyIsRejected() {
        assertThatThrownBy(() -> events.subscribe(Map.of("colour", List.of("red")), 0, 0, e -> {}))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'colour'");
    }
}
