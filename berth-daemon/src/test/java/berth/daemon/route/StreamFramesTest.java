package berth.daemon.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamFramesTest {

    @Test
    void multiplexedFrameHasStreamByteAndBigEndianLength() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StreamFrames(out::write, true).write(2, "err\n".getBytes(StandardCharsets.US_ASCII), 0, 4);
        assertThat(out.toByteArray()).containsExactly(2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n');
    }

    @Test
    void lengthUsesAllFourBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] big = new byte[0x010203];
        new StreamFrames(out::write, true).write(1, big, 0, big.length);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(1, 0, 0, 0, 0, 1, 2, 3);
        assertThat(bytes).hasSize(8 + big.length);
    }

    @Test
    void writesOnlyTheGivenSlice() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StreamFrames(out::write, true).write(1, "xxhiyy".getBytes(StandardCharsets.US_ASCII), 2, 2);
        assertThat(out.toByteArray()).containsExactly(1, 0, 0, 0, 0, 0, 0, 2, 'h', 'i');
    }

    @Test
    void ttyOutputIsRaw() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StreamFrames(out::write, false).write(1, "hi".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hi");
    }

    @Test
    void emptyWriteSendsNoFrame() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StreamFrames(out::write, true).write(1, new byte[0], 0, 0);
        assertThat(out.size()).isZero();
    }
}
