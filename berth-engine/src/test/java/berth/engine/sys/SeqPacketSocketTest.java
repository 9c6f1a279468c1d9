package berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The attach socket's reads, against a peer that behaves as conmon does when the container's process ends. */
class SeqPacketSocketTest {

    @Test
    void packetsSentBeforeThePeerClosedWithUnreadInputAreStillRead() throws Exception {
        SeqPacketSocket[] pair = SeqPacketSocket.pair();
        try (SeqPacketSocket berthd = pair[0]) {
            SeqPacketSocket conmon = pair[1];
            // stdin the process never read: still queued at conmon when it exits, so berthd's side gets a reset
            berthd.write(bytes("unread stdin"), 0, 12);
            conmon.write(bytes("\002last line\n"), 0, 11);
            conmon.close();

            byte[] buf = new byte[64];
            int n = berthd.read(buf);

            assertThat(new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8)).isEqualTo("\002last line\n");
            assertThat(berthd.read(buf)).isEqualTo(-1);
        }
    }

    @Test
    void aPeerThatClosedCleanlyEndsTheStreamAfterItsPackets() throws Exception {
        SeqPacketSocket[] pair = SeqPacketSocket.pair();
        try (SeqPacketSocket berthd = pair[0]) {
            SeqPacketSocket conmon = pair[1];
            conmon.write(bytes("\002out\n"), 0, 5);
            conmon.close();

            byte[] buf = new byte[64];
            assertThat(berthd.read(buf)).isEqualTo(5);
            assertThat(berthd.read(buf)).isEqualTo(-1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
