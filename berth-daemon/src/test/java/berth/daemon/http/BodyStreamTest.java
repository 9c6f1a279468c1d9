package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BodyStreamTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @Test
    void socketReadingPausesAboveHighWaterAndResumesWhenDrained() throws IOException {
        BodyStream body = new BodyStream(channel);
        byte[] block = new byte[256 << 10];
        for (int i = 0; i < 5; i++) body.offer(Unpooled.wrappedBuffer(block));
        assertThat(channel.config().isAutoRead()).isFalse();

        body.readNBytes(4 * block.length);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void endOfBodyIsEndOfStream() throws IOException {
        BodyStream body = new BodyStream(channel);
        body.offer(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        body.end();
        assertThat(body.readAllBytes()).containsExactly(1, 2, 3);
        assertThat(body.isComplete()).isTrue();
    }

    @Test
    void brokenConnectionFailsTheReader() {
        BodyStream body = new BodyStream(channel);
        body.fail("connection closed");
        assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessage("connection closed");
        assertThat(body.isComplete()).isFalse();
    }

    @Test
    void closedStreamDiscardsWhatStillArrives() throws IOException {
        BodyStream body = new BodyStream(channel);
        body.close();
        var buf = Unpooled.buffer().writeBytes(new byte[] {1});
        body.offer(buf);
        assertThat(buf.refCnt()).isZero();
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void oneReadTakesWhatSeveralBuffersHold() throws IOException {
        BodyStream body = new BodyStream(channel);
        for (int i = 0; i < 3; i++) body.offer(Unpooled.wrappedBuffer(new byte[] {(byte) i, (byte) i}));
        byte[] into = new byte[16];
        assertThat(body.read(into, 0, into.length)).isEqualTo(6);
        assertThat(into).startsWith(0, 0, 1, 1, 2, 2);
    }

    @Test
    void waitingReaderGetsASmallPieceOnceTheSocketReadIsComplete() throws Exception {
        BodyStream body = new BodyStream(channel);
        java.util.concurrent.CompletableFuture<Integer> read = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(body.read());
            } catch (IOException e) {
                read.completeExceptionally(e);
            }
        });
        body.offer(Unpooled.wrappedBuffer(new byte[] {42}));
        body.flush();
        assertThat(read.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(42);
    }
}
