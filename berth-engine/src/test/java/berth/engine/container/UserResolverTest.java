package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.InvalidArgumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
    @TempDir
    Path rootfs;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nwheel:x:10:root,app\naudio:x:29:app\napp:x:1000:\n");
    }

    @Test
    void supplementaryGroupsAreThePrimaryGroupThenTheGroupsListingTheUser() {
        assertThat(UserResolver.resolve("", rootfs).additionalGids()).containsExactly(0, 10);
        assertThat(UserResolver.resolve("app", rootfs).additionalGids()).containsExactly(1000, 10, 29);
    }

    @Test
    void anExplicitGroupLeavesOutTheListedGroups() {
        var ids = UserResolver.resolve("app:audio", rootfs);
        assertThat(ids.gid()).isEqualTo(29);
        assertThat(ids.additionalGids()).containsExactly(29);
    }

    @Test
    void groupAddTakesNamesAndNumbers() {
        assertThat(UserResolver.resolve("", List.of("audio", "4242", "10"), rootfs).additionalGids())
                .containsExactly(0, 10, 29, 4242);
    }

    @Test
    void groupAddOfAnUnknownNameFails() {
        assertThatThrownBy(() -> UserResolver.resolve("", List.of("nosuchgroup"), rootfs))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Unable to find group nosuchgroup: no matching entries in group file");
    }
}
