package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExecCommandTest {
    @TempDir
    Path dir;

    private static ExecCommand parse(String... args) {
        ExecCommand exec = new ExecCommand();
        CommandLine cmd = new CommandLine(exec);
        cmd.setStopAtPositional(true);
        cmd.parseArgs(args);
        return exec;
    }

    @Test
    void plainExecAttachesOutputOnlyAsDockerDoes() throws Exception {
        Map<String, Object> b = parse("web", "sh", "-c", "exit 4").createBody();
        assertThat(b).containsEntry("User", "").containsEntry("Privileged", false).containsEntry("Tty", false)
                .containsEntry("AttachStdin", false).containsEntry("AttachStdout", true).containsEntry("AttachStderr", true)
                .containsEntry("Detach", false).containsEntry("DetachKeys", "").containsEntry("Env", null)
                .containsEntry("WorkingDir", "").containsEntry("Cmd", List.of("sh", "-c", "exit 4"))
                .doesNotContainKey("ConsoleSize");
    }

    @Test
    void flagsAfterTheContainerBelongToTheCommand() {
        ExecCommand exec = parse("-i", "web", "ls", "-la");
        assertThat(exec.container).isEqualTo("web");
        assertThat(exec.command).containsExactly("ls", "-la");
    }

    @Test
    void flagsBecomeTheExecConfig() throws Exception {
        Path envFile = Files.writeString(dir.resolve("env"), "# comment\nFROM_FILE=1\n");
        Map<String, Object> b = parse("-it", "-u", "1000:1000", "-w", "/srv", "--privileged", "--detach-keys", "ctrl-x,x",
                "--env-file", envFile.toString(), "-e", "A=2", "web", "sh").createBody();
        assertThat(b).containsEntry("User", "1000:1000").containsEntry("WorkingDir", "/srv").containsEntry("Privileged", true)
                .containsEntry("Tty", true).containsEntry("AttachStdin", true).containsEntry("DetachKeys", "ctrl-x,x")
                .containsEntry("Env", List.of("FROM_FILE=1", "A=2"));
    }

    @Test
    void detachedExecAttachesNothing() throws Exception {
        Map<String, Object> b = parse("-d", "-i", "web", "sleep", "5").createBody();
        assertThat(b).containsEntry("Detach", true).containsEntry("AttachStdin", false)
                .containsEntry("AttachStdout", false).containsEntry("AttachStderr", false);
    }

    @Test
    void theTerminalSizeGoesIntoTheConfig() throws Exception {
        ExecCommand exec = parse("-t", "web", "sh");
        exec.consoleSize = new int[] {30, 100};
        assertThat(exec.createBody()).containsEntry("ConsoleSize", List.of(30, 100));
    }
}
