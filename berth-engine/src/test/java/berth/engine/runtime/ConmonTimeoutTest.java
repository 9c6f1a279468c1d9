package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.sys.ProcessStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonTimeoutTest {
    @TempDir
    Path dir;

    /** A conmon that never reports the container's pid (e.g. a hung runc create) fails the start and is killed. */
    @Test
    void conmonThatNeverReportsIsKilledAndNamedInTheError() throws Exception {
        Path pidFile = dir.resolve("fake.pid");
        Path fake = dir.resolve("conmon-hangs");
        Files.writeString(fake, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Conmon conmon = new Conmon(fake, new Runc(Path.of("/bin/false"), dir.resolve("runc")), dir.resolve("exits"),
                dir.resolve("socket"), Duration.ofMillis(500));
        String id = "ef".repeat(32);
        assertThatThrownBy(() -> conmon.create(new Conmon.Launch(id, "c", bundle, bundle.resolve("ctr.log"), 0,
                bundle.resolve("persist"), false, false)))
                .isInstanceOf(Conmon.ConmonException.class).hasMessageContaining("conmon (runc create) timed out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) Thread.sleep(10);
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        while (ProcessStat.of(pid).map(ProcessStat::isLive).orElse(false) && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(ProcessStat.of(pid).filter(ProcessStat::isLive)).as("the hung conmon was killed").isEqualTo(Optional.empty());
    }
}
