package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void withoutAddOrDropTheSetIsDockersDefault() {
        assertThat(Capabilities.of(null, List.of(), false)).isEqualTo(Capabilities.DEFAULT);
    }

    @Test
    void dropAllLeavesOnlyWhatIsAdded() {
        assertThat(Capabilities.of(List.of("chown"), List.of("ALL"), false)).containsExactly("CAP_CHOWN");
        assertThat(Capabilities.of(null, List.of("all"), false)).isEmpty();
    }

    @Test
    void namesAreCaseInsensitiveWithOrWithoutThePrefix() {
        assertThat(Capabilities.of(List.of("net_admin", "CAP_SYS_PTRACE"), List.of("cap_chown", "Kill"), false))
                .contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE").doesNotContain("CAP_CHOWN", "CAP_KILL")
                .contains("CAP_MKNOD");
    }

    @Test
    void addAllGivesEverythingAvailableExceptTheDropped() {
        assertThat(Capabilities.of(List.of("ALL"), List.of("MKNOD"), false))
                .containsAll(Capabilities.available().stream().filter(c -> !c.equals("CAP_MKNOD")).toList())
                .doesNotContain("CAP_MKNOD");
    }

    @Test
    void privilegedGetsEverythingAvailableWhateverIsDropped() {
        assertThat(Capabilities.of(null, List.of("ALL"), true)).isEqualTo(Capabilities.available());
    }

    @Test
    void anUnknownNameIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> Capabilities.validate(List.of("foo"), null))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid CapAdd: unknown capability: \"CAP_FOO\"");
        assertThatThrownBy(() -> Capabilities.validate(null, List.of("CAP_BAR")))
                .hasMessage("invalid CapDrop: unknown capability: \"CAP_BAR\"");
    }

    @Test
    void theAvailableSetIsReadFromTheEffectiveMaskByBit() {
        assertThat(Capabilities.fromMask(0b1)).containsExactly("CAP_CHOWN");
        assertThat(Capabilities.fromMask(1L << 12 | 1L << 40)).containsExactly("CAP_NET_ADMIN", "CAP_CHECKPOINT_RESTORE");
    }
}
