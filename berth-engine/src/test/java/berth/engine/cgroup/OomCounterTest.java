package berth.engine.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OomCounterTest {
    @TempDir
    Path root;

    @Test
    void v1CountsTheOomKillLineOfOomControl() throws Exception {
        Path dir = Files.createDirectories(root.resolve("memory/berth/c1"));
        Files.writeString(dir.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        CgroupMounts m = new CgroupMounts(1, Map.of("memory", root.resolve("memory")), null);
        assertThat(OomCounter.kills(m, "c1")).isEqualTo(1);
        assertThat(OomCounter.kills(m, "gone")).as("no cgroup, no kills").isZero();
    }

    @Test
    void v2CountsTheOomKillLineOfMemoryEvents() throws Exception {
        Path dir = Files.createDirectories(root.resolve("berth/c2"));
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 2\n");
        assertThat(OomCounter.kills(new CgroupMounts(2, Map.of(), root), "c2")).isEqualTo(2);
    }
}
