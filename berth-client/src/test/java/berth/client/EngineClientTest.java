package berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.api.model.WaitResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineClientTest {
    @TempDir
    Path dir;

    @Test
    void usesTheDaemonsVersionWhenItIsLower() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.41", (head, in, out, c) ->
                FakeDaemon.reply(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"))) {
            new EngineClient(d.host()).call("GET", "/containers/json", null).json();
            assertThat(d.requests).containsExactly("HEAD /_ping HTTP/1.1", "GET /v1.41/containers/json HTTP/1.1");
        }
    }

    @Test
    void capsTheVersionAtTheClientsOwn() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.99", (head, in, out, c) ->
                FakeDaemon.reply(out, "HTTP/1.1 204 No Content\r\n\r\n"))) {
            new EngineClient(d.host()).call("POST", "/containers/x/start", null).close();
            assertThat(d.requests).contains("POST /v1.50/containers/x/start HTTP/1.1");
        }
    }

    @Test
    void chunkedBodiesAreDecoded() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> FakeDaemon.reply(out,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "d\r\n{\"StatusCode\"\r\n9\r\n:3,\"Error\r\n7\r\n\":null}\r\n0\r\n\r\n"))) {
            WaitResponse w = new DockerClient(new EngineClient(d.host())).containerWait("x", "next-exit");
            assertThat(w.statusCode()).isEqualTo(3);
        }
    }

    @Test
    void aChunkedBodyCutBeforeItsLastChunkIsAnError() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> FakeDaemon.reply(out,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
             Response r = new EngineClient(d.host()).call("GET", "/containers/x/archive?path=/d", null)) {
            InputStream body = r.body();
            assertThat(body.readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(body::read).isInstanceOf(EOFException.class).hasMessage("unexpected EOF");
        }
    }

    @Test
    void errorStatusesBecomeKindsWithTheDaemonsMessage() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> {
            String body = head.contains("DELETE") ? "{\"message\":\"You cannot remove a running container\"}"
                    : "{\"message\":\"No such container: web\"}";
            int status = head.contains("DELETE") ? 409 : 404;
            FakeDaemon.reply(out, "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
        })) {
            EngineClient client = new EngineClient(d.host());
            assertThatThrownBy(() -> client.call("GET", "/containers/web/json", null))
                    .isInstanceOf(NotFoundException.class).hasMessage("No such container: web");
            assertThatThrownBy(() -> client.call("DELETE", "/containers/web", null))
                    .isInstanceOf(ConflictException.class).hasMessage("You cannot remove a running container");
        }
    }

    @Test
    void streamedRequestBodiesAreSentChunked() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> {
            assertThat(head).contains("Transfer-Encoding: chunked");
            byte[] all = in.readNBytes("5\r\nhello\r\n0\r\n\r\n".length());
            received.write(all);
            FakeDaemon.reply(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        })) {
            InputStream body = new java.io.ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII));
            new EngineClient(d.host()).send("POST", "/images/create?fromSrc=-", Map.of(), body).check().close();
            assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("5\r\nhello\r\n0\r\n\r\n");
        }
    }

    @Test
    void hijackedStreamKeepsFlowingAfterStdinIsHalfClosed() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> {
            assertThat(head).contains("Upgrade: tcp").contains("Connection: Upgrade");
            FakeDaemon.reply(out, "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            byte[] stdin = in.readAllBytes(); // until the client half-closes
            FakeDaemon.reply(out, "got " + new String(stdin, StandardCharsets.US_ASCII));
        })) {
            try (EngineClient.Hijacked h = new EngineClient(d.host()).hijack("/containers/x/attach?stdin=1&stream=1", null)) {
                assertThat(h.upgraded()).isTrue();
                h.input().write("abc".getBytes(StandardCharsets.US_ASCII));
                h.closeInput();
                assertThat(new String(h.output().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("got abc");
            }
        }
    }

    @Test
    void refusedUpgradeIsReportedByItsStatusAsDockersClientDoes() throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, "1.50", (head, in, out, c) -> FakeDaemon.reply(out,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n"
                        + "{\"message\":\"Invalid detach keys (ctrl-) provided\"}"))) {
            EngineClient client = new EngineClient(d.host());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.hijack("/containers/x/attach?stream=1", null))
                    .isInstanceOf(EngineClient.UpgradeRefused.class).hasMessage("unable to upgrade to tcp, received 400");
        }
    }

    @Test
    void queryRepeatsListsAndSkipsNulls() {
        assertThat(EngineClient.query(EngineClient.params("a", 1, "b", null, "changes", List.of("CMD x", "ENV y=1"))))
                .isEqualTo("?a=1&changes=CMD+x&changes=ENV+y%3D1");
    }
}
