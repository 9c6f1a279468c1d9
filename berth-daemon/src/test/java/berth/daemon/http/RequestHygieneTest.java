package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How berthd treats requests it will not serve: unknown routes, oversized or ambiguous bodies, unsupported parameters. */
class RequestHygieneTest {

    private static String postWithBody(String path, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: api.moby.localhost\r\nContent-Type: application/x-tar\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
    }

    @Test
    void unknownRouteWithALargeBodyIsAnsweredAndTheConnectionServesTheNextRequest() {
        try (ApiChannel api = new TestApi().channel()) {
            api.send(postWithBody("/v1.50/build?t=x", 3 << 20));
            RawResponse notFound = RawResponse.parse(api.awaitOutput(out -> RawResponse.parse(out) != null));
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.body()).isEqualTo("{\"message\":\"page not found\"}\n");
            byte[] chunk = new byte[64 << 10];
            for (int sent = 0; sent < 3 << 20; sent += chunk.length) api.send(chunk);
            assertThat(api.channel.isOpen()).isTrue();
            api.send(TestApi.get("/_ping"));
            String out = api.awaitOutput(o -> o.indexOf("HTTP/1.1 200", 10) > 0 && o.endsWith("OK"));
            assertThat(out.substring(notFound.length())).startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void jsonBodyBeyondTheCapIs413() {
        try (ApiChannel api = new TestApi().channel()) {
            int size = berth.daemon.route.Request.MAX_JSON_BODY + 1;
            api.send("POST /v1.50/containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + size + "\r\n\r\n");
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < size; sent += chunk.length) {
                api.send(java.util.Arrays.copyOf(chunk, Math.min(chunk.length, size - sent)));
            }
            RawResponse r = RawResponse.parse(api.awaitOutput(out -> RawResponse.parse(out) != null));
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body()).contains("request body is larger than");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
            "Content-Length: 2\r\nTransfer-Encoding: identity\r\n",
            "Transfer-Encoding: gzip\r\n",
            "Transfer-Encoding: chunked, gzip\r\n"})
    void ambiguousBodyFramingIs400AndClosesTheConnection(String framing) {
        try (ApiChannel api = new TestApi().channel()) {
            api.send("POST /v1.50/containers/json HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n{}");
            RawResponse r = RawResponse.parse(api.awaitOutput(out -> RawResponse.parse(out) != null));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("malformed HTTP request");
            assertThat(r.header("Connection")).isEqualTo("close");
            api.awaitClosed();
        }
    }

    @Test
    void aParameterDockerDefinesButBerthDoesNotApplyIsRefusedNamingIt() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/containers/x/start?detachKeys=ctrl-x"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("'detachKeys'");
        }
    }

    @Test
    void anUnappliedParameterAtItsDefaultIsNotARequest() {
        try (ApiChannel api = new TestApi().channel()) {
            assertThat(api.exchange(TestApi.get("/v1.50/containers/json?size=0")).status()).isEqualTo(200);
        }
    }

    @Test
    void parametersDockerDoesNotDefineAreIgnored() {
        try (ApiChannel api = new TestApi().channel()) {
            assertThat(api.exchange(TestApi.get("/v1.50/containers/json?colour=blue")).status()).isEqualTo(200);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
