package berth.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootDirsTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void newRootsAreCreatedClosedToOtherUsers() throws Exception {
        RootDirs.secure(dir.resolve("data"), dir.resolve("exec"));
        assertThat(mode(dir.resolve("data"))).isEqualTo("rwx--x---");
        assertThat(mode(dir.resolve("exec"))).isEqualTo("rwx------");
    }

    @Test
    void existingWorldReadableRootsAreTightened() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path exec = Files.createDirectory(dir.resolve("exec"));
        Files.setPosixFilePermissions(exec, PosixFilePermissions.fromString("rwxrwxrwx"));
        RootDirs.secure(data, exec);
        assertThat(mode(data)).isEqualTo("rwx--x---");
        assertThat(mode(exec)).isEqualTo("rwx------");
    }

    @Test
    void theDatabaseAndContainersDirectoryAreNotReadableByOthers() throws Exception {
        Path data = dir.resolve("data");
        RootDirs.secure(data, dir.resolve("exec"));
        Path db = Files.writeString(data.resolve("berth.db"), "x");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path containers = Files.createDirectory(data.resolve("containers"));
        Files.setPosixFilePermissions(containers, PosixFilePermissions.fromString("rwxr-xr-x"));
        RootDirs.secureStore(data);
        assertThat(mode(db)).isEqualTo("rw-------");
        assertThat(mode(containers)).isEqualTo("rwx------");
    }

    @Test
    void aRootOwnedByAnotherUserIsRefused() throws Exception {
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        org.junit.jupiter.api.Assumptions.assumeTrue(self == 0, "needs root to give a directory away");
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setAttribute(data, "unix:uid", 4321);
        assertThatThrownBy(() -> RootDirs.secure(data, dir.resolve("exec")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("owned by uid 4321");
    }
}
