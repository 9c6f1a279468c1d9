package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cp path is resolved once and held: a directory on the way that the container swaps for a symlink out of its root
 * after the lookup (as a container can while a copy runs) does not redirect the copy to the host.
 */
class PinnedPathTest {
    @TempDir
    Path tmp;
    private Path root;
    private Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(outside.resolve("f"), "host secret");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "inside");
    }

    /** What the container does between the lookup and the copy: /d becomes a link to a host directory. */
    private void swapDirectoryForLinkOut() throws IOException {
        Files.move(root.resolve("d"), root.resolve("d.old"));
        Files.createSymbolicLink(root.resolve("d"), outside);
    }

    @Test
    void aFileStaysTheOneFoundWhenItsDirectoryIsSwappedForALinkOut() throws IOException {
        try (PinnedPath p = PinnedPath.lastNotFollowed(root, "/d/f")) {
            swapDirectoryForLinkOut();
            assertThat(Files.readString(p.path())).isEqualTo("inside");
        }
    }

    @Test
    void aFollowedDirectoryStaysTheOneFoundWhenSwappedForALinkOut() throws IOException {
        try (PinnedPath p = PinnedPath.followed(root, "/d")) {
            swapDirectoryForLinkOut();
            assertThat(Files.readString(p.path().resolve("f"))).isEqualTo("inside");
        }
    }

    @Test
    void anAbsoluteLinkIsFollowedInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve(outside.toString().substring(1)));
        Files.writeString(root.resolve(outside.toString().substring(1)).resolve("f"), "inside too");
        Files.createSymbolicLink(root.resolve("l"), outside);
        try (PinnedPath p = PinnedPath.followed(root, "/l")) {
            assertThat(Files.readString(p.path().resolve("f"))).isEqualTo("inside too");
        }
    }

    @Test
    void aLinkThatLeadsNowhereInsideTheRootIsNotFound() throws IOException {
        Files.createSymbolicLink(root.resolve("l"), outside);
        assertThatThrownBy(() -> PinnedPath.lastNotFollowed(root, "/l/f")).isInstanceOf(NoSuchFileException.class);
    }
}
