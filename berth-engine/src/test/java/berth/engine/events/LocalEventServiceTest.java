package berth.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.EventMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LocalEventServiceTest {
    private final EventService events = EventService.create();

    @Test
    void subscribersReceiveEventsPublishedAfterSubscribing() {
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of(), 0, 0, got::add)) {
            events.publish("container", "start", "abc", Map.of("name", "web", "image", "busybox"));
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
        }
        assertThat(got).extracting(EventMessage::id).containsExactly("a1");
    }

    @Test
    void sinceReplaysHistory() {
        events.publish("image", "pull", "busybox:latest", Map.of("name", "busybox:latest"));
        List<EventMessage> got = new CopyOnWriteArrayList<>();
        try (var sub = events.subscribe(Map.of(), 1, 0, got::add)) {
            assertThat(got).extracting(EventMessage::action).containsExactly("pull");
        }
    }

    @Test
    void subscriptionEndsAtUntil() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        var sub = events.subscribe(Map.of(), 0, now + 50_000_000L, e -> {});
        sub.await();
    }

    @Test
    void unknownFilterKeyIsRejected() {
        assertThatThrownBy(() -> events.subscribe(Map.of("colour", List.of("red")), 0, 0, e -> {}))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid filter 'colour'");
    }
}
