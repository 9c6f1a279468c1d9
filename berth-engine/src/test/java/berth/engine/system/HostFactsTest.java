package berth.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFactsTest {
    @TempDir Path root;

    private void file(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void factsAreReadFromTheRootGiven() throws IOException {
        file("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n");
        file("proc/sys/kernel/osrelease", "6.1.0-test\n");
        file("proc/sys/kernel/arch", "x86_64\n");
        file("proc/meminfo", "MemTotal:       24684632 kB\nMemFree:         1000 kB\n");

        HostFacts f = HostFacts.read(root);

        assertThat(f.operatingSystem()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(f.osVersion()).isEqualTo("12");
        assertThat(f.kernelVersion()).isEqualTo("6.1.0-test");
        assertThat(f.architecture()).isEqualTo("x86_64");
        assertThat(f.memTotal()).isEqualTo(24684632L * 1024);
    }

    @Test
    void aDistributionWithoutVersionIdHasNoOsVersion() throws IOException {
        file("etc/os-release", "PRETTY_NAME='Debian GNU/Linux trixie/sid'\n");

        HostFacts f = HostFacts.read(root);

        assertThat(f.operatingSystem()).isEqualTo("Debian GNU/Linux trixie/sid");
        assertThat(f.osVersion()).isNull();
        assertThat(f.kernelVersion()).as("no /proc in this root").isNull();
    }

    @Test
    void onThisHostTheKernelIsTheOneRunning() throws IOException {
        assertThat(HostFacts.read(Path.of("/")).kernelVersion())
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
    }
}
