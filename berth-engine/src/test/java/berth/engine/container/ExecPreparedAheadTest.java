package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.runtime.DirectExec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hand-over of a start prepared at create: taken once, and never prepared after its start looked. */
class ExecPreparedAheadTest {
    private static Exec exec() {
        return new Exec("e".repeat(64), "c".repeat(64), List.of("true"), List.of(), "", "", false, false, false, true,
                true, "", DetachKeys.forExec(null), null);
    }

    @Test
    void theStartTakesWhatWasPreparedOnce() {
        Exec exec = exec();
        CompletableFuture<Optional<DirectExec.Prepared>> prepared = new CompletableFuture<>();
        assertThat(exec.preparedAhead(prepared)).isTrue();
        assertThat(exec.takePreparedAhead()).isSameAs(prepared);
        assertThat(exec.takePreparedAhead()).isNull();
    }

    @Test
    void nothingIsPreparedForAnExecWhoseStartCameFirst() {
        Exec exec = exec();
        assertThat(exec.takePreparedAhead()).isNull();
        assertThat(exec.preparedAhead(new CompletableFuture<>())).isFalse();
        assertThat(exec.takePreparedAhead()).isNull();
    }

    @Test
    void anExecIsPreparedAtMostOnce() {
        Exec exec = exec();
        assertThat(exec.preparedAhead(new CompletableFuture<>())).isTrue();
        assertThat(exec.preparedAhead(new CompletableFuture<>())).isFalse();
    }
}
