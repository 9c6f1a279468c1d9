package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpCommandTest {
    @TempDir
    Path dir;

    @Test
    void containerColonPathIsTheContainersSide() {
        assertThat(CpCommand.Endpoint.parse("web:/etc/hosts")).isEqualTo(new CpCommand.Endpoint("web", "/etc/hosts"));
    }

    @Test
    void pathsThatLookLikePathsStayOnTheHost() {
        assertThat(CpCommand.Endpoint.parse("./a:b").container()).isNull();
        assertThat(CpCommand.Endpoint.parse("/tmp/a:b").container()).isNull();
        assertThat(CpCommand.Endpoint.parse("-").container()).isNull();
        assertThat(CpCommand.Endpoint.parse("plain").container()).isNull();
    }

    @Test
    void baseAndParentOfContainerPaths() {
        assertThat(CpCommand.base("/a/b/")).isEqualTo("b");
        assertThat(CpCommand.parent("/a/b/")).isEqualTo("/a");
        assertThat(CpCommand.parent("/a")).isEqualTo("/");
    }

    @Test
    void transformRenamesTheTopEntryAndWhatIsBelowIt() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/a.b/sub"));
        Files.writeString(src.resolve("f"), "x");
        Files.writeString(dir.resolve("src/axb"), "not renamed");
        Process p = new ProcessBuilder("sh", "-c", "tar -C src -cf - " + "'" + CpCommand.transform("a.b", "new&name") + "'"
                + " a.b axb | tar -tf -").directory(dir.toFile()).start();
        List<String> names = new String(p.getInputStream().readAllBytes()).lines().sorted().toList();
        assertThat(p.waitFor()).isZero();
        assertThat(names).containsExactly("axb", "new&name/", "new&name/sub/", "new&name/sub/f");
    }
}
