package berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
}
