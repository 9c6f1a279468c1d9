package berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.StatFs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackingFilesystemTest {
    @Test
    void ext2To4ShareOneMagicThatDockerCallsExtfs() {
        assertThat(BackingFilesystem.name(0xEF53)).isEqualTo("extfs");
        assertThat(BackingFilesystem.name(0x58465342L)).isEqualTo("xfs");
    }

    @Test
    void anUnknownMagicIsShownAsANumber() {
        assertThat(BackingFilesystem.name(0x12345678L)).isEqualTo("unknown (0x12345678)");
    }

    @Test
    void statfsReadsTheKernelsMagic() throws Exception {
        // PROC_SUPER_MAGIC and TMPFS_MAGIC from linux/magic.h
        assertThat(StatFs.type(Path.of("/proc"))).isEqualTo(0x9FA0L);
        assertThat(BackingFilesystem.name(StatFs.type(Path.of("/dev/shm")))).isEqualTo("tmpfs");
    }
}
