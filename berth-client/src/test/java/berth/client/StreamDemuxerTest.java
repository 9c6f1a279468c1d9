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
}
