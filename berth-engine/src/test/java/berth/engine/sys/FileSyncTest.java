package berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncTest {
    @TempDir
    Path dir;

    @Test
    void syncsTheFileSystemOfADirectory() {
        assertThatCode(() -> FileSync.syncFileSystem(dir)).doesNotThrowAnyException();
    }

    @Test
    void aMissingDirectoryIsANamedError() {
        Path missing = dir.resolve("gone");
        assertThatThrownBy(() -> FileSync.syncFileSystem(missing))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("open " + missing + ": No such file or directory");
    }

    @Test
    void aSmallTreeIsSyncedFileByFile() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("layer/diff"));
        Files.writeString(Files.createDirectories(tree.resolve("etc")).resolve("conf"), "x");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("etc/conf"));
        assertThat(FileSync.syncTree(tree, 3, List.of(dir.resolve("layer"), dir))).isTrue();
    }

    @Test
    void aTreeOfMoreFilesThanTheLimitIsSyncedWithItsFileSystem() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("big"));
        for (int i = 0; i < 4; i++) Files.writeString(tree.resolve("f" + i), "x");
        assertThat(FileSync.syncTree(tree, 3, List.of(dir))).isFalse();
    }
}
