package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeStateTest {
    private static final String BOOT = "b0b0b0b0-0000-4000-8000-000000000001";

    @Test
    void everyStartIsANewGenerationWithItsOwnProcessIdentity() {
        RuntimeState first = Rows.created().running(100, 5000, BOOT, "2026-12-01T10:00:00Z");
        RuntimeState second = first.exited(0, "2026-12-01T10:00:01Z", false, "").running(200, 6000, BOOT, "2026-12-01T10:00:02Z");
        assertThat(first.generation()).isEqualTo(1);
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.pid()).isEqualTo(200);
        assertThat(second.pidStart()).isEqualTo(6000);
        assertThat(second.bootId()).isEqualTo(BOOT);
    }

    @Test
    void exitKeepsTheGenerationAndForgetsTheProcess() {
        RuntimeState exited = Rows.created().running(100, 5000, BOOT, "t0").exited(3, "t1", true, "");
        assertThat(exited.generation()).isEqualTo(1);
        assertThat(exited.pid()).isZero();
        assertThat(exited.pidStart()).isZero();
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.oomKilled()).isTrue();
    }

    @Test
    void failedStartKeepsTheStatusAndRecordsCodeAndError() {
        RuntimeState created = Rows.created().startFailed(127, "executable file not found");
        assertThat(created.status()).isEqualTo(ContainerStatus.CREATED);
        assertThat(created.exitCode()).isEqualTo(127);
        assertThat(created.error()).isEqualTo("executable file not found");
        assertThat(created.finishedAt()).isNull();

        RuntimeState exited = Rows.exited(2, "2026-12-01T10:00:01Z").startFailed(126, "permission denied");
        assertThat(exited.status()).isEqualTo(ContainerStatus.EXITED);
        assertThat(exited.finishedAt()).isEqualTo("2026-12-01T10:00:01Z");
        assertThat(exited.exitCode()).isEqualTo(126);
    }

    @Test
    void aStartInterruptedWhileCreatingEndsCreated() {
        assertThat(RuntimeState.creating().startFailed(128, "boom").status()).isEqualTo(ContainerStatus.CREATED);
    }
}
