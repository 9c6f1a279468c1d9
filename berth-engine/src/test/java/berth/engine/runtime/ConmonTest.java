package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConmonTest {
    @Test
    void syncReplyWithPidYieldsThePid() throws Exception {
        assertThat(Conmon.parse("{\"data\": 15201}")).isEqualTo(15201);
    }

    /** conmon 2.1.6 does not escape runc's quotes: the reply is not JSON (ENVIRONMENT.md §2). */
    @Test
    void failureReplyThatIsNotValidJsonStillYieldsRuncsMessage() {
        String reply = "{\"data\": -1, \"message\": \"time=\"2026-11-23T04:20:49Z\" level=error msg=\"runc create failed: "
                + "unable to start container process: exec: \\\"/nonexistent\\\": stat /nonexistent: no such file or directory\"\\n\"}";
        assertThatThrownBy(() -> Conmon.parse(reply)).isInstanceOf(Conmon.ConmonException.class)
                .hasMessage("runc create failed: unable to start container process: exec: \"/nonexistent\": "
                        + "stat /nonexistent: no such file or directory");
    }

    @Test
    void replyWithoutDataIsReportedAsUnexpected() {
        assertThatThrownBy(() -> Conmon.parse("garbage")).hasMessageContaining("unexpected reply");
    }

    @Test
    void logArgumentsBoundTheFileOrKeepNoLog() {
        java.nio.file.Path log = java.nio.file.Path.of("/d/ctr.log");
        assertThat(Conmon.logArguments(launch(log, 100_000)))
                .containsExactly("-l", "k8s-file:/d/ctr.log", "--log-size-max", "100000");
        assertThat(Conmon.logArguments(launch(null, 0))).containsExactly("-l", "none");
    }

    private static Conmon.Launch launch(java.nio.file.Path log, long max) {
        return new Conmon.Launch("id", "name", java.nio.file.Path.of("/d"), log, max, java.nio.file.Path.of("/d/persist"),
                false, false);
    }
}
