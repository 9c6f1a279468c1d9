package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.container.ContainerService.Attachment;
import berth.engine.container.ContainerService.StreamSink;
import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachEndpointTest {
    private static final String ATTACH = "POST /v1.50/containers/abc/attach?stderr=1&stdin=1&stdout=1&stream=1 HTTP/1.1\r\n"
            + "Host: api.moby.localhost\r\nContent-Length: 0\r\nConnection: Upgrade\r\nContent-Type: text/plain\r\n"
            + "Upgrade: tcp\r\n\r\n";

    /** Echoes stdin to stdout until stdin ends, then says goodbye on stderr: output outlives the client's half-close. */
    private static Attachment echo(boolean tty) {
        return new Attachment() {
            @Override
            public boolean tty() {
                return tty;
            }

            @Override
            public void stream(InputStream stdin, StreamSink sink) throws IOException {
                byte[] in = stdin.readAllBytes();
                sink.write(StreamType.STDOUT, in, 0, in.length);
                byte[] bye = "bye\n".getBytes(StandardCharsets.US_ASCII);
                sink.write(StreamType.STDERR, bye, 0, bye.length);
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void attachUpgradesThenCarriesStdinAndMultiplexedOutput() {
        TestApi test = new TestApi();
        test.containers.onAttach = (id, options) -> echo(false);
        try (ApiChannel api = test.channel()) {
            api.send(ATTACH);
            String head = api.awaitOutput(out -> out.contains("\r\n\r\n"));
            assertThat(head).startsWith("HTTP/1.1 101 UPGRADED\r\n").contains("content-type: application/vnd.docker.raw-stream")
                    .contains("connection: upgrade").contains("upgrade: tcp");
            assertThat(api.channel.pipeline().get(ApiChannelInitializer.CODEC)).isNull();

            api.send("hi\n");
            api.halfClose();
            String out = api.awaitOutput(o -> o.endsWith("bye\n"));
            String body = out.substring(out.indexOf("\r\n\r\n") + 4);
            assertThat(body).isEqualTo("\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0003hi\n"
                    + "\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0004bye\n");
            api.awaitClosed();
        }
    }

    @Test
    void ttyAttachIsRaw() {
        TestApi test = new TestApi();
        test.containers.onAttach = (id, options) -> echo(true);
        try (ApiChannel api = test.channel()) {
            api.send(ATTACH);
            api.awaitOutput(out -> out.contains("\r\n\r\n"));
            api.send("ls\r");
            api.halfClose();
            String out = api.awaitOutput(o -> o.endsWith("bye\n"));
            assertThat(out.substring(out.indexOf("\r\n\r\n") + 4)).isEqualTo("ls\rbye\n");
        }
    }

    @Test
    void attachToAnUnknownContainerIs404BeforeAnyUpgrade() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange(ATTACH.replace("/abc/", "/nope/"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("No such container: nope");
            assertThat(api.channel.pipeline().get(ApiChannelInitializer.CODEC)).isNotNull();
        }
    }

    @Test
    void attachWithoutUpgradeAnswers200Multiplexed() {
        TestApi test = new TestApi();
        test.containers.onAttach = (id, options) -> echo(false);
        try (ApiChannel api = test.channel()) {
            api.send(ATTACH.replace("Connection: Upgrade\r\n", "").replace("Upgrade: tcp\r\n", ""));
            String head = api.awaitOutput(out -> out.contains("\r\n\r\n"));
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("content-type: application/vnd.docker.multiplexed-stream");
        }
    }
}
