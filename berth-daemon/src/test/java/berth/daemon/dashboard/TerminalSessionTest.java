package berth.daemon.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalSessionTest {
    private static final long MINUTE = 60_000_000_000L;

    /** A viewer that writes down what it gets. */
    private static final class Screen implements TerminalSession.Viewer {
        final ByteArrayOutputStream shown = new ByteArrayOutputStream();
        final List<Integer> exits = new ArrayList<>();
        boolean replaced;

        @Override
        public void output(byte[] data) {
            shown.writeBytes(data);
        }

        @Override
        public void exit(int code) {
            exits.add(code);
        }

        @Override
        public void replaced() {
            replaced = true;
        }

        String text() {
            return shown.toString(StandardCharsets.UTF_8);
        }
    }

    private static void print(TerminalSession session, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        session.output(b, 0, b.length);
    }

    @Test
    void aViewerWhoComesBackGetsWhatWasShownMeanwhile() {
        TerminalSession session = new TerminalSession();
        Screen first = new Screen();
        session.attach(first);
        print(session, "one ");
        session.detach(first, 0);
        print(session, "two ");
        Screen second = new Screen();
        session.attach(second);
        print(session, "three");
        assertThat(first.text()).isEqualTo("one ");
        assertThat(second.text()).isEqualTo("one two three");
    }

    @Test
    void theReplayKeepsTheLast64KiB() {
        TerminalSession session = new TerminalSession();
        print(session, "x".repeat(TerminalSession.REPLAY) + "end");
        Screen late = new Screen();
        session.attach(late);
        assertThat(late.shown.size()).isEqualTo(TerminalSession.REPLAY);
        assertThat(late.text()).endsWith("xend");
    }

    @Test
    void aNewViewerTakesTheTerminalOverFromTheOldOne() {
        TerminalSession session = new TerminalSession();
        Screen first = new Screen();
        Screen second = new Screen();
        session.attach(first);
        session.attach(second);
        print(session, "after");
        assertThat(first.replaced).isTrue();
        assertThat(first.text()).isEmpty();
        assertThat(second.text()).isEqualTo("after");
    }

    @Test
    void theExitReachesTheViewerOrTheNextOne() {
        TerminalSession watched = new TerminalSession();
        Screen screen = new Screen();
        watched.attach(screen);
        watched.exited(3);
        assertThat(screen.exits).containsExactly(3);

        TerminalSession unwatched = new TerminalSession();
        unwatched.exited(4);
        Screen late = new Screen();
        unwatched.attach(late);
        assertThat(late.exits).containsExactly(4);
    }

    @Test
    void aTerminalCountsAsUnwatchedOnlyAfterTheLimitWithoutAViewer() {
        TerminalSession session = new TerminalSession();
        Screen screen = new Screen();
        session.attach(screen);
        assertThat(session.unwatchedFor(10 * MINUTE, Long.MAX_VALUE)).isFalse();
        session.detach(screen, 0);
        assertThat(session.unwatchedFor(10 * MINUTE, 10 * MINUTE - 1)).isFalse();
        assertThat(session.unwatchedFor(10 * MINUTE, 10 * MINUTE)).isTrue();
        session.attach(new Screen());
        assertThat(session.unwatchedFor(10 * MINUTE, 20 * MINUTE)).isFalse();
    }

    @Test
    void inputWaitsForTheProcessAndEndsWithTheExit() throws Exception {
        TerminalSession session = new TerminalSession();
        session.stdin().offer("ls\n".getBytes(StandardCharsets.UTF_8));
        byte[] buf = new byte[16];
        assertThat(session.stdin().read(buf, 0, buf.length)).isEqualTo(3);
        session.exited(0);
        assertThat(session.stdin().read(buf, 0, buf.length)).isEqualTo(-1);
    }
}
