package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.NotFoundException;
import berth.api.model.ContainerPathStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X-Docker-Container-Path-Stat content, as dockerd computes it for a path inside a container's root. */
class PathStatsTest {
    @TempDir
    Path root;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello");
        Files.setAttribute(root.resolve("etc/motd"), "unix:mode", 0640);
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../etc"));
    }

    @Test
    void regularFileHasNameSizeAndPermissions() throws IOException {
        ContainerPathStat s = PathStats.stat(root, "/etc/motd", "c1");
        assertThat(s.name()).isEqualTo("motd");
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.mode()).isEqualTo(0640);
        assertThat(s.linkTarget()).isEmpty();
    }

    @Test
    void directoryModeHasGosDirectoryBit() throws IOException {
        assertThat(PathStats.stat(root, "etc", "c1").mode()).isEqualTo((1L << 31) | 0755);
    }

    @Test
    void symlinkTargetIsResolvedInsideTheRoot() throws IOException {
        ContainerPathStat s = PathStats.stat(root, "/escape", "c1");
        assertThat(s.mode()).isEqualTo((1L << 27) | 0777);
        assertThat(s.linkTarget()).isEqualTo("/etc");
    }

    @Test
    void pathThroughEscapingSymlinkStaysInside() throws IOException {
        assertThat(PathStats.stat(root, "/escape/motd", "c1").size()).isEqualTo(5);
    }

    @Test
    void missingPathIsNotFoundWithDockersMessage() {
        assertThatThrownBy(() -> PathStats.stat(root, "/no/such", "web"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Could not find the file /no/such in container web");
    }

    @Test
    void pathBelowAFileIsNotFound() {
        assertThatThrownBy(() -> PathStats.stat(root, "/etc/motd/x", "web")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void timeIsGoRfc3339WithoutTrailingZeros() {
        assertThat(PathStats.goTime(FileTime.from(Instant.parse("2026-12-01T15:14:15.978688320Z"))))
                .isEqualTo("2026-12-01T15:14:15.97868832Z");
        assertThat(PathStats.goTime(FileTime.from(Instant.parse("2026-12-01T15:14:15Z"))))
                .isEqualTo("2026-12-01T15:14:15Z");
    }

    @Test
    void goFileModeCarriesTypeAndSpecialBits() {
        assertThat(ContainerPathStat.goFileMode(0104755)).isEqualTo((1L << 23) | 0755);
        assertThat(ContainerPathStat.goFileMode(0041777)).isEqualTo((1L << 31) | (1L << 20) | 0777);
        assertThat(ContainerPathStat.goFileMode(0020666)).isEqualTo((1L << 26) | (1L << 21) | 0666);
    }
}
