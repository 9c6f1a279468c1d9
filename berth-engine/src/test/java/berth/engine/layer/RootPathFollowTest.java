package berth.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's FollowSymlinkInScope and ResolvePath inside a container root: no link leads out of it. */
class RootPathFollowTest {
    @TempDir
    Path root;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/file"), "x");
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
        Files.createSymbolicLink(root.resolve("data/link"), Path.of("file"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere/at/all"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    }

    @Test
    void absoluteLinkStartsAgainAtTheRoot() throws IOException {
        assertThat(RootPath.follow(root, List.of("abs", "passwd"))).containsExactly("etc", "passwd");
    }

    @Test
    void relativeLinkClimbingOutStopsAtTheRoot() throws IOException {
        assertThat(RootPath.follow(root, List.of("up"))).containsExactly("etc");
    }

    @Test
    void missingComponentEndsFollowingLexically() throws IOException {
        assertThat(RootPath.follow(root, List.of("dangling"))).containsExactly("nowhere", "at", "all");
        assertThat(RootPath.follow(root, List.of("no", "such", "..", "thing"))).containsExactly("no", "thing");
    }

    @Test
    void resolveKeepsTheLastComponentUnfollowed() throws IOException {
        assertThat(RootPath.resolve(root, "/data/link")).isEqualTo(root.resolve("data/link"));
        assertThat(RootPath.resolve(root, "/up/hosts")).isEqualTo(root.resolve("etc/hosts"));
        assertThat(RootPath.resolve(root, "../../..")).isEqualTo(root);
    }

    @Test
    void linkCycleFails() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RootPath.follow(root, List.of("loop", "x")))
                .hasMessageContaining("too many levels of symbolic links");
    }
}
