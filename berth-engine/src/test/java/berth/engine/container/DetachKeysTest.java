package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DetachKeysTest {

    @Test
    void absentOrEmptySpecIsCtrlPCtrlQ() {
        assertThat(DetachKeys.forAttach(null).sequence()).containsExactly(16, 17);
        assertThat(DetachKeys.forAttach("").sequence()).containsExactly(16, 17);
    }

    @Test
    void controlKeysAndSingleCharactersFollowDockersTable() {
        assertThat(DetachKeys.forAttach("ctrl-@,ctrl-a,ctrl-Z,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_,x").sequence())
                .containsExactly(0, 1, 26, 27, 28, 29, 30, 31, 'x');
    }

    @Test
    void badSpecIsRefusedNamingTheWholeSpec() {
        assertThatThrownBy(() -> DetachKeys.forAttach("ctrl-p,foo")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid detach keys (ctrl-p,foo) provided");
        assertThatThrownBy(() -> DetachKeys.forExec("ctrl-")).hasMessage("Invalid escape keys (ctrl-) provided");
        assertThatThrownBy(() -> DetachKeys.forAttach("a,,b")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void scannerHoldsBackAPrefixAndPassesItOnWhenTheSequenceBreaks() {
        DetachKeys.Scanner scanner = DetachKeys.DEFAULT.scanner();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(scanner.scan(new byte[] {'a', 16}, 2, out)).isFalse();
        assertThat(out.toByteArray()).containsExactly('a');
        assertThat(scanner.scan(new byte[] {'b'}, 1, out)).isFalse();
        assertThat(out.toByteArray()).containsExactly('a', 16, 'b');
    }

    @Test
    void scannerDetachesOnTheWholeSequenceEvenAcrossReads() {
        DetachKeys.Scanner scanner = DetachKeys.DEFAULT.scanner();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(scanner.scan(new byte[] {'x', 16}, 2, out)).isFalse();
        assertThat(scanner.scan(new byte[] {17, 'y'}, 2, out)).isTrue();
        assertThat(out.toByteArray()).containsExactly('x');
    }
}
