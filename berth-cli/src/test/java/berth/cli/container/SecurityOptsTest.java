package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.cli.CliError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityOptsTest {
    @TempDir
    Path dir;

    @Test
    void aSeccompProfileFileIsSentAsItsCompactedJson() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n");
        assertThat(SecurityOpts.resolve(List.of("no-new-privileges", "seccomp=" + f, "seccomp=unconfined")))
                .containsExactly("no-new-privileges", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "seccomp=unconfined");
    }

    @Test
    void aProfileThatIsNotJsonFailsInTheClient() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, "not json");
        assertThatThrownBy(() -> SecurityOpts.resolve(List.of("seccomp=" + f))).isInstanceOf(CliError.class)
                .hasMessageStartingWith("compacting json for seccomp profile (" + f + ") failed");
        assertThatThrownBy(() -> SecurityOpts.resolve(List.of("seccomp=" + dir.resolve("none.json"))))
                .hasMessageStartingWith("opening seccomp profile");
    }
}
