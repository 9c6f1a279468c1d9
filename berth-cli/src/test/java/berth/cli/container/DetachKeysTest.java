package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.cli.CliError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    @Test
    void defaultIsCtrlPCtrlQ() {
        assertThat(DetachKeys.parse(DetachKeys.DEFAULT)).containsExactly(16, 17);
    }

    @Test
    void ctrlKeysAndPlainCharacters() {
        assertThat(DetachKeys.parse("ctrl-x,x,ctrl-@,ctrl-[")).containsExactly(24, 'x', 0, 27);
    }

    @Test
    void unknownKeyIsRefused() {
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-")).isInstanceOf(CliError.class).hasMessage("Unknown character: 'ctrl-'");
    }

    @Test
    void theSequenceDetachesAndIsNotSent() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicBoolean detached = new AtomicBoolean();
        AttachedStreams.copyInput(new ByteArrayInputStream(new byte[] {'l', 's', 16, 17, 'z'}), sent,
                DetachKeys.parse(DetachKeys.DEFAULT), () -> detached.set(true));
        assertThat(detached).isTrue();
        assertThat(sent.toByteArray()).containsExactly('l', 's');
    }

    @Test
    void aBrokenOffPrefixIsSentAsTyped() {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicBoolean detached = new AtomicBoolean();
        AttachedStreams.copyInput(new ByteArrayInputStream(new byte[] {16, 'a', 16, 16, 'b'}), sent,
                DetachKeys.parse(DetachKeys.DEFAULT), () -> detached.set(true));
        assertThat(detached).isFalse();
        assertThat(sent.toByteArray()).containsExactly(16, 'a', 16, 16, 'b');
    }
}
