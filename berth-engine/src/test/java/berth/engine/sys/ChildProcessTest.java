package berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildProcessTest {
    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void stdoutAndStderrArePipesOfTheirOwnAndTheExitCodeIsTheProgramsOwn() throws Exception {
        ChildProcess p = ChildProcess.start(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), false,
                ChildProcess.Output.PIPES);
        assertThat(read(p.getInputStream())).isEqualTo("out\n");
        assertThat(read(p.getErrorStream())).isEqualTo("err\n");
        assertThat(p.waitFor()).isEqualTo(3);
        assertThat(p.onExit().get(5, TimeUnit.SECONDS).exitValue()).isEqualTo(3);
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void mergedOutputCarriesBothStreamsInOnePipe() throws Exception {
        ChildProcess p = ChildProcess.start(List.of("/bin/sh", "-c", "echo out; echo err >&2"), false,
                ChildProcess.Output.MERGED);
        assertThat(read(p.getInputStream())).isEqualTo("out\nerr\n");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void stdinIsAPipeWhenAskedAndEndsWhenClosed() throws Exception {
        ChildProcess p = ChildProcess.start(List.of("/bin/cat"), true, ChildProcess.Output.PIPES);
        p.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(read(p.getInputStream())).isEqualTo("hello");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void withoutStdinTheChildReadsDevNullAndGetsNoOtherDescriptorAndNoEnvironment() throws Exception {
        ChildProcess p = ChildProcess.start(List.of("/bin/sh", "-c",
                "cat; readlink /proc/self/fd/0; ls /proc/self/fd | wc -l; env | grep -v '^PWD=' | grep -v '^SHLVL=' "
                        + "| grep -v '^_=' | wc -l"), false, ChildProcess.Output.PIPES);
        // 0, 1, 2 and the directory ls reads
        assertThat(read(p.getInputStream())).isEqualTo("/dev/null\n4\n0\n");
        assertThat(p.waitFor()).isZero();
    }

    @Test
    void aSignalEndsItWith128PlusTheSignal() throws Exception {
        ChildProcess p = ChildProcess.start(List.of("/bin/sleep", "60"), false, ChildProcess.Output.DISCARD);
        assertThat(p.waitFor(50, TimeUnit.MILLISECONDS)).isFalse();
        p.destroyForcibly();
        assertThat(p.waitFor()).isEqualTo(128 + 9);
        assertThat(p.exitValue()).isEqualTo(137);
        p.destroy(); // reaped already: nothing is signalled
    }

    @Test
    void aProgramThatCannotBeExecutedIsAnIOException() {
        assertThatThrownBy(() -> ChildProcess.start(List.of("/nonexistent/program"), false, ChildProcess.Output.PIPES))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/program");
    }
}
