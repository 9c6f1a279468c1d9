package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric users and groups beyond what the kernel takes are a bad argument, not an internal error. */
class UserIdRangeTest {
    @TempDir
    Path rootfs;

    @Test
    void aUidBeyondTheRangeIsRefusedWithDockersMessage() {
        assertThatThrownBy(() -> UserResolver.resolve("99999999999", rootfs))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("uids and gids must be in range 0-2147483647");
        assertThatThrownBy(() -> UserResolver.resolve("2147483648", rootfs)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aGidBeyondTheRangeIsRefused() {
        assertThatThrownBy(() -> UserResolver.resolve("1000:99999999999", rootfs)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void negativeIdsAreOutOfRangeNotUnknownNames() {
        assertThatThrownBy(() -> UserResolver.resolve("-1", rootfs)).hasMessage("uids and gids must be in range 0-2147483647");
        assertThatThrownBy(() -> UserResolver.resolve("0:-5", rootfs)).hasMessage("uids and gids must be in range 0-2147483647");
        assertThatThrownBy(() -> UserResolver.resolve("0", java.util.List.of("-7"), rootfs))
                .hasMessage("uids and gids must be in range 0-2147483647");
    }

    @Test
    void theLargestIdIsAccepted() {
        assertThat(UserResolver.resolve("2147483647:2147483647", rootfs).uid()).isEqualTo(Integer.MAX_VALUE);
    }
}
