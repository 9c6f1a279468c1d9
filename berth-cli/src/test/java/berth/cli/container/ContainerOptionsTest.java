package berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ContainerOptionsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> body(String... args) throws Exception {
        RunCommand run = new RunCommand();
        CommandLine cmd = new CommandLine(run);
        cmd.setStopAtPositional(true);
        cmd.parseArgs(args);
        return run.options.createBody(run.detach);
    }

    @Test
    void flagsBecomeDockersCreateBody() throws Exception {
        Map<String, Object> b = body("--rm", "-e", "A=1", "-w", "/srv", "-u", "1000", "-l", "k=v", "--name", "x",
                "busybox", "sh", "-c", "exit 3");
        assertThat(b).containsEntry("Image", "busybox").containsEntry("Cmd", List.of("sh", "-c", "exit 3"))
                .containsEntry("Env", List.of("A=1")).containsEntry("WorkingDir", "/srv").containsEntry("User", "1000")
                .containsEntry("Labels", Map.of("k", "v")).containsEntry("AttachStdout", true);
        assertThat(b.get("HostConfig")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("AutoRemove", true);
    }

    @Test
    void logDriverAndOptionsGoToHostConfigLogConfig() throws Exception {
        Map<String, Object> b = body("--log-driver", "local", "--log-opt", "max-size=10m", "--log-opt", "max-file=3", "busybox");
        assertThat(b.get("HostConfig")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("LogConfig", Map.of("Type", "local", "Config", Map.of("max-size", "10m", "max-file", "3")));
        assertThat(body("busybox").get("HostConfig")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("LogConfig", Map.of("Type", "", "Config", Map.of()));
    }

    @Test
    void logOptionsWithDriverNoneAreRefusedAsTheDockerCliDoes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> body("--log-driver", "none", "--log-opt", "max-size=1m", "busybox"))
                .hasMessage("invalid logging opts for driver none");
    }

    @Test
    void detachedRunAttachesNothing() throws Exception {
        Map<String, Object> b = body("-d", "busybox", "sleep", "1");
        assertThat(b).containsEntry("AttachStdout", false).containsEntry("AttachStderr", false);
    }

    @Test
    void envFileLinesAreReadSkippingComments() throws Exception {
        Path f = dir.resolve("env");
        Files.writeString(f, "# comment\nA=1\n\nB=two words\n");
        assertThat(ContainerOptions.readEnvFile(f)).containsExactly("A=1", "B=two words");
    }

    @Test
    void emptyEntrypointResetsTheImagesEntrypoint() throws Exception {
        assertThat(body("--entrypoint", "", "busybox")).containsEntry("Entrypoint", List.of(""));
    }

    @Test
    void bareEnvNameWithoutACallerValueStaysBare() throws Exception {
        assertThat(body("-e", "BERTH_SURELY_UNSET_VARIABLE", "-e", "PATH", "busybox"))
                .containsEntry("Env", List.of("BERTH_SURELY_UNSET_VARIABLE", "PATH=" + System.getenv("PATH")));
    }

    @Test
    void repeatedLabelsAndEnvFilesCombineInOrder() throws Exception {
        Path f = dir.resolve("env");
        Files.writeString(f, "FROM_FILE=1\n");
        Map<String, Object> b = body("--env-file", f.toString(), "-e", "B=2", "-l", "a=1", "--label", "b", "busybox");
        assertThat(b).containsEntry("Env", List.of("FROM_FILE=1", "B=2")).containsEntry("Labels", Map.of("a", "1", "b", ""));
    }

    @Test
    void confinementFlagsBecomeHostConfigFields() throws Exception {
        Map<String, Object> b = body("--cap-drop", "ALL", "--cap-add", "kill", "--privileged", "--read-only", "--init",
                "--group-add", "10", "--domainname", "example.org", "--log-driver", "local", "--log-opt", "max-size=1m",
                "--security-opt", "no-new-privileges", "busybox");
        assertThat(b).containsEntry("Domainname", "example.org");
        assertThat(b.get("HostConfig")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("CapDrop", List.of("ALL")).containsEntry("CapAdd", List.of("kill"))
                .containsEntry("Privileged", true).containsEntry("ReadonlyRootfs", true).containsEntry("Init", true)
                .containsEntry("GroupAdd", List.of("10")).containsEntry("SecurityOpt", List.of("no-new-privileges"))
                .containsEntry("LogConfig", Map.of("Type", "local", "Config", Map.of("max-size", "1m")));
    }

    @Test
    void withoutConfinementFlagsTheHostConfigAsksForNothing() throws Exception {
        assertThat(body("busybox").get("HostConfig")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("CapAdd", null).containsEntry("Privileged", false).doesNotContainKey("Init")
                .containsEntry("LogConfig", Map.of("Type", "", "Config", Map.of()));
    }
}
