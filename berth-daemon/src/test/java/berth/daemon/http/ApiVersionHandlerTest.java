package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.daemon.route.Route;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ApiVersionHandlerTest {
    private final AtomicReference<String> seen = new AtomicReference<>();
    private final Route echo = Route.get("/echo/{rest*}", (request, response) -> {
        seen.set(request.path() + " @" + request.version());
        response.send(200);
    });

    @Test
    void stripsTheVersionPrefixOnce() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            RawResponse r = api.exchange(TestApi.get("/v1.41/echo/v1.50/x?a=1"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(seen.get()).isEqualTo("/echo/v1.50/x @1.41");
        }
    }

    @Test
    void requestWithoutPrefixGetsTheCurrentVersion() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            api.exchange(TestApi.get("/echo/x"));
            assertThat(seen.get()).isEqualTo("/echo/x @1.50");
        }
    }

    @Test
    void rejectsAVersionNewerThanTheCurrentOne() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            RawResponse r = api.exchange(TestApi.get("/v1.99/echo/x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(
                    "{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.50\"}\n");
            assertThat(seen.get()).isNull();
        }
    }

    @Test
    void rejectsAVersionOlderThanTheMinimum() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            RawResponse r = api.exchange(TestApi.get("/v1.23/echo/x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("client version 1.23 is too old. Minimum supported API version is 1.24");
        }
    }

    @Test
    void everyResponseCarriesDockerHeaders() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            RawResponse r = api.exchange(TestApi.get("/v1.50/nothing-here"));
            assertThat(r.header("Api-Version")).isEqualTo("1.50");
            assertThat(r.header("Server")).isEqualTo("Docker/28.2.2 (linux)");
            assertThat(r.header("Docker-Experimental")).isEqualTo("false");
            assertThat(r.header("Ostype")).isEqualTo("linux");
        }
    }

    @Test
    void headPingAnswersWithNegotiationHeadersAndNoBody() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange("HEAD /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Api-Version")).isEqualTo("1.50");
            assertThat(r.header("Builder-Version")).isEqualTo("1");
            assertThat(r.header("Swarm")).isEqualTo("inactive");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache, no-store, must-revalidate");
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void keepAliveServesSequentialRequestsOnOneConnection() {
        try (ApiChannel api = new TestApi().channel(echo)) {
            api.send(TestApi.get("/echo/a") + TestApi.get("/v1.44/echo/b"));
            String out = api.awaitOutput(o -> o.split("HTTP/1.1 200 OK").length == 3);
            assertThat(out).startsWith("HTTP/1.1 200 OK");
            assertThat(seen.get()).isEqualTo("/echo/b @1.44");
        }
    }
}
