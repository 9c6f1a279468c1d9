package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path dir;

    private LogFiles files(int maxFile) {
        return new LogFiles(dir.resolve("ctr.log"), maxFile);
    }

    /** conmon at its size limit: a fresh ctr.log.tmp renamed over ctr.log. */
    private void conmonRotates(String content) throws Exception {
        Path tmp = dir.resolve("ctr.log.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve("ctr.log"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void theFileConmonReplacesIsKeptAsGenerationOne() throws Exception {
        LogFiles files = files(3);
        files.prepare();
        Files.writeString(dir.resolve("ctr.log"), "first");
        conmonRotates("second");
        assertThat(files.shift()).isTrue();
        assertThat(read("ctr.log.1")).isEqualTo("first");
        assertThat(read("ctr.log")).isEqualTo("second");
        assertThat(files.shift()).as("nothing changed since").isFalse();
    }

    @Test
    void onlyMaxFileFilesAreKeptTheOldestDropped() throws Exception {
        LogFiles files = files(3);
        files.prepare();
        for (String content : new String[] {"a", "b", "c", "d"}) {
            conmonRotates(content);
            files.shift();
        }
        assertThat(files.oldestFirst()).containsExactly(dir.resolve("ctr.log.2"), dir.resolve("ctr.log.1"), dir.resolve("ctr.log"));
        assertThat(read("ctr.log.2")).isEqualTo("b");
        assertThat(read("ctr.log.1")).isEqualTo("c");
        assertThat(read("ctr.log")).isEqualTo("d");
        assertThat(dir.resolve("ctr.log.3")).doesNotExist();
    }

    @Test
    void anEarlierRunsLogIsMovedAsideSoThatConmonStartsAnEmptyFile() throws Exception {
        Files.writeString(dir.resolve("ctr.log"), "run 1");
        files(2).prepare();
        assertThat(read("ctr.log.1")).isEqualTo("run 1");
        assertThat(read("ctr.log")).isEmpty();
        assertThat(LogFiles.key(dir.resolve("ctr.log.hold"))).isEqualTo(LogFiles.key(dir.resolve("ctr.log")));
    }

    @Test
    void withOneFileNothingIsHeldAndConmonsTruncationIsAll() throws Exception {
        LogFiles files = files(1);
        Files.writeString(dir.resolve("ctr.log"), "run 1");
        files.prepare();
        conmonRotates("new");
        assertThat(files.shift()).isFalse();
        assertThat(files.oldestFirst()).containsExactly(dir.resolve("ctr.log"));
        assertThat(dir.resolve("ctr.log.hold")).doesNotExist();
    }
}
