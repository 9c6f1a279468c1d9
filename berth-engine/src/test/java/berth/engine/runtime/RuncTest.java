package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.engine.sys.FileSystemCalls;
import berth.engine.sys.ProcessStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runc's calls end, whatever the runc binary or the container's init does. */
class RuncTest {
    private static final String ID = "cd".repeat(32);

    @TempDir
    Path dir;

    /** A stand-in for runc init waiting on its exec FIFO: a process that will die before it opens the FIFO. */
    private Path execFifo() throws IOException {
        Path state = Files.createDirectories(dir.resolve("runc").resolve(ID));
        Path fifo = state.resolve("exec.fifo");
        FileSystemCalls.mkfifo(fifo, 0600);
        return fifo;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startFailsWhenInitDiesBeforeOpeningTheExecFifo() throws Exception {
        execFifo();
        Process init = new ProcessBuilder("sleep", "600").start();
        Runc runc = new Runc(Path.of("/bin/false"), dir.resolve("runc"));
        CompletableFuture<Throwable> started = CompletableFuture.supplyAsync(() -> {
            try {
                runc.start(ID, (int) init.pid());
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        init.destroyForcibly().waitFor();
        Throwable error = started.get(30, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(IOException.class).hasMessageContaining("runc start " + ID)
                .hasMessageContaining("already dead");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startReleasesAnInitThatWritesTheFifo() throws Exception {
        Path fifo = execFifo();
        Process init = new ProcessBuilder("sh", "-c", "echo 0 > " + fifo + "; exec sleep 600").start();
        try {
            new Runc(Path.of("/bin/false"), dir.resolve("runc")).start(ID, (int) init.pid());
            assertThat(fifo).doesNotExist();
        } finally {
            init.destroyForcibly();
        }
    }

    /**
     * runc's init writes the FIFO, then still runs (hooks, its Go code) until it execs the command; a signal in that
     * window reaches runc, not the command (SIGTERM makes it exit 2). The stand-in carries runc init's name until then.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startReturnsOnceTheInitHasExecdTheCommand() throws Exception {
        Path fifo = execFifo();
        Path runcInit = Files.createSymbolicLink(dir.resolve("runc:[2:INIT]"), Path.of("/bin/sh"));
        Process init = new ProcessBuilder(runcInit.toString(), "-c", "echo 0 > " + fifo + "; sleep 0.5; exec sleep 600")
                .start();
        try {
            new Runc(Path.of("/bin/false"), dir.resolve("runc")).start(ID, (int) init.pid());
            assertThat(ProcessStat.of((int) init.pid())).get().extracting(ProcessStat::comm).isEqualTo("sleep");
        } finally {
            init.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hungRuncCommandIsKilledAndNamedInTheError() throws Exception {
        Path pidFile = dir.resolve("runc.pid");
        Path fake = dir.resolve("runc-hangs");
        Files.writeString(fake, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Runc runc = new Runc(fake, dir.resolve("runc"), Duration.ofMillis(500));
        assertThatThrownBy(() -> runc.delete(ID)).isInstanceOf(IOException.class)
                .hasMessageContaining("runc delete --force " + ID).hasMessageContaining("timed out");
        int pid = Integer.parseInt(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessStat.of(pid).map(ProcessStat::isLive).orElse(false) && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(ProcessStat.of(pid).map(ProcessStat::isLive)).as("the hung runc was killed").isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void failingRuncCommandReportsItsOutput() throws Exception {
        Path fake = dir.resolve("runc-fails");
        Files.writeString(fake, "#!/bin/sh\necho 'something broke' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> new Runc(fake, dir.resolve("runc")).delete(ID)).isInstanceOf(IOException.class)
                .hasMessageContaining("something broke");
    }
}
