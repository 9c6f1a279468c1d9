package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyListenerTest {
    private static final String PING = "GET /_ping HTTP/1.1\r\nHost: api\r\nUser-Agent: test\r\n\r\n";
    private static final String INFO = "GET /v1.44/info HTTP/1.1\r\nHost: api\r\n\r\n";

    @TempDir
    Path dir;
    private EarlyListener listener;

    @AfterEach
    void close() {
        if (listener != null) listener.close();
    }

    @Test
    void answersPingBeforeTheApiServerIsUp() throws IOException {
        listener = EarlyListener.bind(dir.resolve("api.sock")).orElseThrow();
        try (SocketChannel client = connect()) {
            send(client, PING);
            String answer = readAnswer(client, "\r\n\r\nOK");
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("Api-Version: 1.50\r\n", "Content-Length: 2\r\n");
        }
    }

    @Test
    void headPingGetsHeadersOnly() throws IOException {
        listener = EarlyListener.bind(dir.resolve("api.sock")).orElseThrow();
        try (SocketChannel client = connect()) {
            send(client, "HEAD /_ping HTTP/1.1\r\nHost: api\r\n\r\n");
            assertThat(readAnswer(client, "\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("Content-Length: 0"
                    + "\r\nApi-Version: 1.50\r\nServer: Docker/28.2.2 (linux)\r\nDocker-Experimental: false\r\nOstype: linux\r\n\r\n");
        }
    }

    @Test
    void anyOtherRequestGoesToTheApiServerWithTheBytesAlreadyRead() throws Exception {
        listener = EarlyListener.bind(dir.resolve("api.sock")).orElseThrow();
        CompletableFuture<String> adopted = new CompletableFuture<>();
        try (SocketChannel client = connect()) {
            send(client, PING + INFO);
            readAnswer(client, "\r\n\r\nOK");
            listener.handOver((connection, pending) -> adopted.complete(new String(pending, StandardCharsets.ISO_8859_1)));
            assertThat(adopted.get(5, TimeUnit.SECONDS)).isEqualTo(INFO);
        }
    }

    @Test
    void theListeningSocketStaysBoundThroughTheHandOver() throws Exception {
        listener = EarlyListener.bind(dir.resolve("api.sock")).orElseThrow();
        int bound = listener.handOver((connection, pending) -> {});
        assertThat(bound).isGreaterThan(2);
        try (SocketChannel client = connect()) {
            assertThat(client.isConnected()).isTrue(); // waiting in the backlog for the API server to accept it
        }
    }

    @Test
    void answersOnlyAPlainUnversionedPing() {
        assertThat(EarlyListener.pingAnswer(PING)).isNotNull();
        assertThat(EarlyListener.pingAnswer("GET /v1.44/_ping HTTP/1.1\r\nHost: api\r\n\r\n")).isNull();
        assertThat(EarlyListener.pingAnswer("GET /_ping HTTP/1.0\r\n\r\n")).isNull();
        assertThat(EarlyListener.pingAnswer("POST /_ping HTTP/1.1\r\nHost: api\r\n\r\n")).isNull();
        assertThat(EarlyListener.pingAnswer("GET /_ping HTTP/1.1\r\nContent-Length: 2\r\n\r\n")).isNull();
        assertThat(EarlyListener.pingAnswer("GET /_ping HTTP/1.1\r\nConnection: close\r\n\r\n")).isNull();
        assertThat(EarlyListener.pingAnswer("GET /_ping?x=1 HTTP/1.1\r\nHost: api\r\n\r\n")).isNull();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
        client.connect(UnixDomainSocketAddress.of(dir.resolve("api.sock")));
        return client;
    }

    private static void send(SocketChannel client, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining()) client.write(out);
    }

    private static String readAnswer(SocketChannel client, String end) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(4096);
        String text = "";
        while (!text.endsWith(end)) {
            if (client.read(in) < 0) break;
            text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
        }
        return text;
    }
}
