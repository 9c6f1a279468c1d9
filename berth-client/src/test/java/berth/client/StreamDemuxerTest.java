package berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class StreamDemuxerTest {
    private static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes();
        byte[] f = new byte[8 + payload.length];
        f[0] = (byte) stream;
        f[7] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 8, payload.length);
        return f;
    }

    @Test
    void framesGoToTheirStreams() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(frame(1, "out\n"));
        all.write(frame(2, "err\n"));
        all.write(frame(1, "more\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamDemuxer.copy(new ByteArrayInputStream(all.toByteArray()), out, err);
        assertThat(out.toString()).isEqualTo("out\nmore\n");
        assertThat(err.toString()).isEqualTo("err\n");
    }

    @Test
    void framesLongerThanOneReadAreCopiedWhole() throws Exception {
        String big = "x".repeat(100_000);
        byte[] payload = big.getBytes();
        byte[] f = new byte[8 + payload.length];
        f[0] = 1;
        f[5] = (byte) (payload.length >> 16);
        f[6] = (byte) (payload.length >> 8);
        f[7] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 8, payload.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamDemuxer.copy(new ByteArrayInputStream(f), out, new ByteArrayOutputStream());
        assertThat(out.toString()).isEqualTo(big);
    }

    @Test
    void aTruncatedStreamEndsQuietlyWithWhatArrived() throws Exception {
        byte[] whole = frame(2, "partial line\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamDemuxer.copy(new ByteArrayInputStream(java.util.Arrays.copyOf(whole, 12)), new ByteArrayOutputStream(), err);
        assertThat(err.toString()).isEqualTo("part");
    }
}
