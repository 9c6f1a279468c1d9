package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventsEndpointTest {

    @Test
    void eventsStreamAsJsonLinesWithTheFiltersInEitherForm() throws Exception {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.send(TestApi.get("/v1.50/events?filters=%7B%22type%22%3A%7B%22container%22%3Atrue%7D%7D"));
            api.awaitOutput(out -> out.contains("\r\n\r\n"));
            assertThat(test.events.subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            test.events.publish("container", "start", "abc", Map.of("name", "web", "image", "busybox"));
            String out = api.awaitOutput(o -> o.contains("\"Action\":\"start\""));
            assertThat(out).contains("{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\"");
            assertThat(test.events.subscribedFilters.getFirst()).isEqualTo(Map.of("type", List.of("container")));
        }
    }

    @Test
    void olderListFormOfFiltersIsAccepted() throws Exception {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.send(TestApi.get("/v1.24/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D"));
            assertThat(test.events.subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(test.events.subscribedFilters.getFirst()).isEqualTo(Map.of("type", List.of("container")));
        }
    }

    @Test
    void clientLeavingEndsTheSubscription() throws Exception {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.send(TestApi.get("/events"));
            assertThat(test.events.subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            api.channel.close();
            api.awaitOutput(out -> test.events.subscribedFilters.size() == 1 && !test.events.hasSubscribers());
        }
    }
}
