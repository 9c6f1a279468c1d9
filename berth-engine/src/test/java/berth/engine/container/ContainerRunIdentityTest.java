package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.engine.container.ContainerService.WaitCondition;
import berth.engine.sys.ProcessStat;
import berth.engine.sys.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each start is a run of its own, and berthd signals only the process of the current run (root, runc, conmon). The
 * exit sweep is off here: every exit in these tests is recorded by the exit watcher alone.
 */
class ContainerRunIdentityTest {
    private static EngineFixture engine;

    @BeforeAll
    static void setUp() throws Exception {
        engine = EngineFixture.start(null);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (engine != null) engine.close();
    }

    private static ContainerService containers() {
        return engine.containers();
    }

    private static RuntimeState state(String id) {
        return engine.service().repo().get(id).orElseThrow().state();
    }

    private static String startSleeper() {
        String id = engine.create(List.of("sleep", "60"), false, null);
        containers().start(id);
        return id;
    }

    @Test
    void exitsAreRecordedByTheWatcherWithoutTheSweep() throws Exception {
        String id = engine.create(List.of("sh", "-c", "exit 7"), false, null);
        var exit = containers().wait(id, WaitCondition.NEXT_EXIT);
        containers().start(id);
        assertThat(exit.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(7);
        assertThat(containers().inspect(id).state().status()).isEqualTo("exited");
    }

    @Test
    void eachStartIsANewRun() throws Exception {
        String id = startSleeper();
        long first = state(id).generation();
        containers().stop(id, 0, null);
        containers().start(id);
        assertThat(state(id).generation()).isEqualTo(first + 1);
        assertThat(state(id).pidStart()).isPositive();
        assertThat(state(id).bootId()).isEqualTo(engine.bootId);
    }

    /** conmon's exit file does not say which run wrote it: one arriving while a later run lives changes nothing. */
    @Test
    void lateExitOfAnEarlierRunNeverEndsTheNextRun() throws Exception {
        String id = startSleeper();
        long earlier = state(id).generation();
        containers().stop(id, 0, null);
        containers().start(id);
        Path exits = engine.root.resolve("exec/exits");
        Path tmp = exits.resolve(id + ".LATE01");
        Files.writeString(tmp, "137");
        Files.move(tmp, exits.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        engine.service().runs().onExit(id); // as the watcher reports it, synchronously here
        engine.service().runs().reconcile(id, earlier); // the sweep, holding a row it read during the earlier run
        assertThat(containers().inspect(id).state().running()).isTrue();
        assertThat(state(id).generation()).isEqualTo(earlier + 1);
        Files.deleteIfExists(exits.resolve(id));
    }

    @Test
    void duplicateExitNoticeIsIgnored() throws Exception {
        String id = engine.create(List.of("sh", "-c", "exit 3"), false, null);
        var exit = containers().wait(id, WaitCondition.NEXT_EXIT);
        containers().start(id);
        exit.get(30, TimeUnit.SECONDS);
        String finishedAt = containers().inspect(id).state().finishedAt();
        engine.service().runs().onExit(id);
        assertThat(containers().inspect(id).state().exitCode()).isEqualTo(3);
        assertThat(containers().inspect(id).state().finishedAt()).isEqualTo(finishedAt);
    }

    /** The recorded pid now names an unrelated process (the container's exited and its number was reused). */
    @Test
    void unrelatedProcessHoldingTheRecordedPidIsNeverSignalled() throws Exception {
        String id = startSleeper();
        RuntimeState real = state(id);
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            RuntimeState reused = new RuntimeState(real.status(), (int) stranger.pid(), real.exitCode(), real.startedAt(),
                    real.finishedAt(), real.oomKilled(), real.error(), real.restartCount(), real.generation(),
                    real.pidStart(), real.bootId());
            engine.service().repo().updateState(id, reused);
            assertThatThrownBy(() -> containers().kill(id, "KILL")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("is not running");
            containers().stop(id, 1, null);
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
            engine.service().repo().updateState(id, real);
        }
    }

    /** The same pid, but a start time that is not the recorded one: another process, left alone. */
    @Test
    void processWithAnotherStartTimeIsNeverSignalled() throws Exception {
        String id = startSleeper();
        RuntimeState real = state(id);
        RuntimeState other = new RuntimeState(real.status(), real.pid(), real.exitCode(), real.startedAt(),
                real.finishedAt(), real.oomKilled(), real.error(), real.restartCount(), real.generation(),
                real.pidStart() + 1, real.bootId());
        engine.service().repo().updateState(id, other);
        try {
            assertThatThrownBy(() -> containers().kill(id, "KILL")).isInstanceOf(ConflictException.class);
            assertThat(ProcessStat.of(real.pid()).map(ProcessStat::isLive)).contains(true);
        } finally {
            engine.service().repo().updateState(id, real);
        }
    }

    private static RuntimeState withoutIdentity(RuntimeState s, int pid) {
        return new RuntimeState(s.status(), pid, s.exitCode(), s.startedAt(), s.finishedAt(), s.oomKilled(), s.error(),
                s.restartCount(), s.generation(), 0, "");
    }

    /** A container left running by a berthd from before run identities: its process is adopted at start-up. */
    @Test
    void runRecordedWithoutIdentityIsAdoptedWhenItsProcessIsConmonsChild() throws Exception {
        String id = startSleeper();
        RuntimeState real = state(id);
        engine.service().repo().updateState(id, withoutIdentity(real, real.pid()));
        engine.restart();
        RuntimeState adopted = state(id);
        assertThat(adopted.isRunning()).isTrue();
        assertThat(adopted.pidStart()).isEqualTo(real.pidStart());
        assertThat(adopted.bootId()).isEqualTo(engine.bootId);
    }

    /** ... and a pid that is not its conmon's child is not the container's: the run is ended, nothing signalled. */
    @Test
    void runRecordedWithoutIdentityWhosePidIsAStrangerIsEndedWithoutSignals() throws Exception {
        String id = startSleeper();
        RuntimeState real = state(id);
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            engine.service().repo().updateState(id, withoutIdentity(real, (int) stranger.pid()));
            engine.restart();
            assertThat(state(id).isRunning()).isFalse();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
            Signals.kill(real.pid(), 9); // its conmon records the exit; the row has ended already
        }
    }

    /** runc itself polls for this: an init that dies while waiting to be started must not hang the start. */
    @Test
    void startFailsPromptlyWhenInitDiesBetweenCreateAndStart() throws Exception {
        String id = engine.create(List.of("sleep", "60"), false, null);
        engine.service().starter().beforeRuncStart = pid -> {
            try {
                Signals.kill(pid, 9);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            assertThatThrownBy(() -> containers().start(id)).hasMessageContaining("already dead");
        } finally {
            engine.service().starter().beforeRuncStart = pid -> { };
        }
        assertThat(containers().inspect(id).state().status()).isEqualTo("created");
        containers().start(id);
        assertThat(containers().inspect(id).state().running()).isTrue();
    }

    /**
     * A reboot is faked by a new boot id (the container's process really keeps running): its run is ended, nothing
     * is signalled, and the container starts again.
     */
    @Test
    void afterARebootRunsAreEndedWithoutSignalsAndCanStartAgain() throws Exception {
        String id = startSleeper();
        int oldPid = state(id).pid();
        String realBoot = engine.bootId;
        engine.bootId = "00000000-0000-4000-8000-000000000000";
        try {
            ContainerService after = engine.restart();
            var st = after.inspect(id).state();
            assertThat(st.status()).isEqualTo("exited");
            assertThat(st.exitCode()).isEqualTo(255);
            assertThat(ProcessStat.of(oldPid).map(ProcessStat::isLive)).as("the old process was not signalled").contains(true);
            Signals.kill(oldPid, 9); // after a real reboot it would not exist
            after.start(id);
            assertThat(after.inspect(id).state().running()).isTrue();
            assertThat(after.inspect(id).state().pid()).isNotEqualTo(oldPid);
        } finally {
            Signals.kill(oldPid, 9);
            engine.containers().remove(id, true, false);
            engine.bootId = realBoot;
            engine.restart();
        }
    }
}
