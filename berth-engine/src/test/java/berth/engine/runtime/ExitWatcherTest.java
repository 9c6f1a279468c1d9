package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWatcherTest {
    private static final String ID = "ab".repeat(32);

    @TempDir
    Path dir;

    /** conmon writes through g_file_set_contents: a temporary "<id>.XXXXXX" renamed into place. */
    @Test
    void exitWrittenAsTemporaryThenRenamedIsReportedOnceWithItsCode() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        CountDownLatch reported = new CountDownLatch(1);
        try (ExitWatcher watcher = new ExitWatcher(dir, (id, code) -> {
            seen.put(id, code);
            reported.countDown();
        })) {
            Path tmp = dir.resolve(ID + ".Q1W2E3");
            Files.writeString(tmp, "137");
            Files.move(tmp, dir.resolve(ID), StandardCopyOption.ATOMIC_MOVE);
            assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).containsExactly(Map.entry(ID, 137));
    }

    @Test
    void temporaryFileIsNeitherReportedNorDeleted() throws Exception {
        try (ExitWatcher watcher = new ExitWatcher(dir, (id, code) -> { })) {
            Path tmp = dir.resolve(ID + ".Q1W2E3");
            Files.writeString(tmp, "0");
            assertThat(watcher.exitCode(tmp.getFileName().toString())).isNull();
            watcher.clear(tmp.getFileName().toString());
            assertThat(tmp).exists();
        }
    }

    @Test
    void rescanReportsExitFilesWrittenWhileNobodyWatched() throws Exception {
        Files.writeString(dir.resolve(ID), "3");
        CountDownLatch reported = new CountDownLatch(1);
        try (ExitWatcher watcher = new ExitWatcher(dir, (id, code) -> {
            if (id.equals(ID) && code == 3) reported.countDown();
        })) {
            watcher.rescan();
            assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
