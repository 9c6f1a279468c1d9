package berth.daemon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayRingTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingWhileItFits() {
        ReplayRing ring = new ReplayRing(8);
        ring.write(bytes("abc"), 0, 3);
        ring.write(bytes("de"), 0, 2);
        assertThat(text(ring.snapshot())).isEqualTo("abcde");
    }

    @Test
    void keepsTheLastBytesOnceFull() {
        ReplayRing ring = new ReplayRing(8);
        ring.write(bytes("abcdef"), 0, 6);
        ring.write(bytes("ghijk"), 0, 5);
        assertThat(text(ring.snapshot())).isEqualTo("defghijk");
    }

    @Test
    void aWriteLargerThanTheRingKeepsItsEnd() {
        ReplayRing ring = new ReplayRing(4);
        ring.write(bytes("ab"), 0, 1);
        ring.write(bytes("0123456789"), 2, 7);
        assertThat(text(ring.snapshot())).isEqualTo("5678");
        ring.write(bytes("x"), 0, 1);
        assertThat(text(ring.snapshot())).isEqualTo("678x");
    }

    @Test
    void anEmptyRingReplaysNothing() {
        assertThat(new ReplayRing(4).snapshot()).isEmpty();
    }
}
