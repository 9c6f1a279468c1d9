package berth.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifiedInputStreamTest {
    private static final byte[] DATA = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(DATA);

    @Test
    void matchingBytesReadToEof() throws IOException {
        try (InputStream in = new VerifiedInputStream(new ByteArrayInputStream(DATA), DIGEST, DATA.length)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void wrongBytesFailAtEofNamingBothDigests() {
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        InputStream in = new VerifiedInputStream(new ByteArrayInputStream(other), DIGEST, -1);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessage("digest mismatch: expected " + DIGEST + " got " + Digest.sha256(other));
    }

    @Test
    void readingPastTheExpectedSizeFails() {
        InputStream in = new VerifiedInputStream(new ByteArrayInputStream(DATA), DIGEST, 4);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("expected 4 bytes");
    }

    @Test
    void shortStreamFailsOnSize() {
        InputStream in = new VerifiedInputStream(new ByteArrayInputStream(DATA, 0, 5), DIGEST, DATA.length);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("got 5");
    }

    @Test
    void skippedBytesAreVerifiedToo() {
        byte[] tampered = DATA.clone();
        tampered[1] ^= 1;
        InputStream in = new VerifiedInputStream(new ByteArrayInputStream(tampered), DIGEST, DATA.length);
        assertThatThrownBy(() -> {
            in.skip(5);
            in.readAllBytes();
        }).isInstanceOf(DigestMismatchException.class);
    }
}
