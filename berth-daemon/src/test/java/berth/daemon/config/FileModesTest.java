package berth.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class FileModesTest {
    @Test
    void givesTheSamePermissionsAsTheJdksParser() {
        for (String mode : new String[] {"rwx--x---", "rwx------", "rw-------", "rw-rw----", "---------", "rwxrwxrwx",
                "r--r--r--", "--x-w-r--"}) {
            assertEquals(PosixFilePermissions.fromString(mode), FileModes.of(mode), mode);
        }
    }

    @Test
    void refusesWhatIsNotAMode() {
        for (String bad : new String[] {"rwx", "rwx------x", "wrx------", "rwxrwxrwz", "rw-rw-rw "}) {
            assertThrows(IllegalArgumentException.class, () -> FileModes.of(bad), bad);
        }
    }
}
