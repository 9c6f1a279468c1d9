package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.container.ContainerService.AttachOptions;
import berth.engine.container.ContainerService.StreamType;
import berth.engine.container.ContainerService.WaitCondition;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attach through conmon's SEQPACKET socket with real containers (root). */
class ContainerAttachTest {
    private static EngineFixture engine;

    @BeforeAll
    static void setUp() throws Exception {
        engine = EngineFixture.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (engine != null) engine.close();
    }

    /** Collects what the container writes, tagged by stream. */
    private static final class Collector implements ContainerService.StreamSink {
        final StringBuilder out = new StringBuilder();

        @Override
        public synchronized void write(StreamType stream, byte[] data, int offset, int length) {
            out.append(stream == StreamType.STDERR ? "E:" : "O:").append(new String(data, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        synchronized String text() {
            return out.toString();
        }
    }

    private static String attachStartAndCollect(String id, boolean stdin, InputStream input) throws Exception {
        ContainerService containers = engine.containers();
        var exit = containers.wait(id, WaitCondition.NEXT_EXIT);
        var attachment = containers.attach(id, new AttachOptions(stdin, true, true, true, false, null));
        Collector sink = new Collector();
        Thread pump = Thread.ofPlatform().start(() -> {
            try {
                attachment.stream(input, sink);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        containers.start(id);
        assertThat(exit.get(20, TimeUnit.SECONDS).statusCode()).isZero();
        pump.join(10_000);
        attachment.close();
        return sink.text();
    }

    @Test
    void attachedBeforeStartSeesAllOutputWithStreamsApart() throws Exception {
        String id = engine.create(List.of("sh", "-c", "echo out; echo err >&2"), false, null);
        String text = attachStartAndCollect(id, false, InputStream.nullInputStream());
        assertThat(text).contains("O:out\n").contains("E:err\n");
    }

    @Test
    void stdinReachesTheContainerAndItsEndClosesTheContainersStdin() throws Exception {
        String id = engine.create(List.of("cat"), true, null);
        String text = attachStartAndCollect(id, true, new ByteArrayInputStream("abc\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(text).isEqualTo("O:abc\n");
    }
}
