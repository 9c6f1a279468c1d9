package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotatorTest {
    @TempDir
    Path dir;

    private void conmonRotates(String content) throws Exception {
        Path tmp = dir.resolve("ctr.log.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve("ctr.log"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitContent(Path file, String content) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file) && Files.readString(file).equals(content)) return;
            Thread.sleep(10);
        }
        assertThat(file).as("rotated file").hasContent(content);
    }

    @Test
    void aFileConmonReplacesIsKeptWithoutAnyoneAsking() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("ctr.log"), 3);
        files.prepare();
        Files.writeString(files.current(), "first");
        try (LogRotator rotator = new LogRotator()) {
            rotator.watch(files);
            conmonRotates("second");
            awaitContent(dir.resolve("ctr.log.1"), "first");
            conmonRotates("third");
            awaitContent(dir.resolve("ctr.log.2"), "first");
            awaitContent(dir.resolve("ctr.log.1"), "second");
        }
    }

    @Test
    void aRotationThatHappenedBeforeTheWatchIsCaughtUpWith() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("ctr.log"), 2);
        files.prepare();
        Files.writeString(files.current(), "before berthd restarted");
        conmonRotates("after");
        try (LogRotator rotator = new LogRotator()) {
            rotator.watch(files);
            assertThat(dir.resolve("ctr.log.1")).hasContent("before berthd restarted");
        }
    }
}
