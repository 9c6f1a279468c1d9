package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.container.ContainerService.WaitCondition;
import berth.engine.sys.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A berthd restart (the service closed and opened again over the same state) with real containers (root). */
class ContainerRecoveryTest {
    private static EngineFixture engine;

    @BeforeAll
    static void setUp() throws Exception {
        engine = EngineFixture.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (engine != null) engine.close();
    }

    @Test
    void runningContainerStaysRunningAcrossARestartAndItsLaterExitIsSeen() throws Exception {
        String id = engine.create(List.of("sleep", "60"), false, null);
        engine.containers().start(id);
        int pid = engine.containers().inspect(id).state().pid();
        ContainerService after = engine.restart();
        assertThat(after.inspect(id).state().running()).isTrue();
        var exit = after.wait(id, WaitCondition.NOT_RUNNING);
        Signals.kill(pid, 9);
        assertThat(exit.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(137);
        assertThat(after.inspect(id).state().status()).isEqualTo("exited");
        assertUnmountedSoon(engine.root.resolve("data/containers").resolve(id).resolve("rootfs/bin"));
    }

    /** The rootfs is unmounted right after the exit is reported (under the container's lock, not before it). */
    private static void assertUnmountedSoon(Path inRootfs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(inRootfs) && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(inRootfs).doesNotExist();
    }

    @Test
    void exitThatHappenedWhileTheDaemonWasDownIsRecordedAtStartUp() throws Exception {
        String id = engine.create(List.of("sleep", "60"), false, null);
        engine.containers().start(id);
        int pid = engine.containers().inspect(id).state().pid();
        engine.closeOnly();
        Signals.kill(pid, 9);
        Path exitFile = engine.root.resolve("exec/exits").resolve(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(exitFile) && System.nanoTime() < deadline) Thread.sleep(10);
        ContainerService after = engine.restart();
        var state = after.inspect(id).state();
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isEqualTo(137);
    }

    @Test
    void containerWhoseConmonVanishedIsMarkedExitedAtStartUp() throws Exception {
        String id = engine.create(List.of("sleep", "60"), false, null);
        engine.containers().start(id);
        Path dir = engine.root.resolve("data/containers").resolve(id);
        int conmonPid = Integer.parseInt(Files.readString(dir.resolve("conmon.pid")).strip());
        int pid = engine.containers().inspect(id).state().pid();
        engine.closeOnly();
        Signals.kill(conmonPid, 9);
        Signals.kill(pid, 9);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Signals.isAlive(conmonPid) || Signals.isAlive(pid)) && System.nanoTime() < deadline) Thread.sleep(10);
        ContainerService after = engine.restart();
        assertThat(after.inspect(id).state().status()).isEqualTo("exited");
        assertUnmountedSoon(dir.resolve("rootfs/bin"));
    }
}
