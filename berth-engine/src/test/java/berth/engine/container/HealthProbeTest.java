package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthProbeTest {

    @Test
    void runcsErrorLineIsReducedToItsMessage() {
        String line = "time=\"2026-12-01T15:47:01Z\" level=error msg=\"exec failed: unable to start container process: "
                + "exec: \\\"nosuch\\\": executable file not found in $PATH\"\n";
        assertThat(HealthProbe.runcMessage(line)).isEqualTo(
                "exec failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH");
    }

    @Test
    void textThatIsNoLogLineIsKeptAsItIs() {
        assertThat(HealthProbe.runcMessage("exec failed: boom\n")).isEqualTo("exec failed: boom");
    }
}
