package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.HostConfig;
import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.WaitCondition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs real containers (root, runc, conmon, busybox-static) through the engine without HTTP. The end-to-end
 * behaviour through the API and the docker CLI is covered by berth-it.
 */
class ContainerLifecycleTest {
    private static EngineFixture engine;
    private static ContainerService containers;

    @BeforeAll
    static void setUp() throws Exception {
        engine = EngineFixture.start();
        containers = engine.containers();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (engine != null) engine.close();
    }

    private static String create(List<String> cmd, HostConfig hostConfig) {
        return engine.create(cmd, false, hostConfig);
    }

    private static int run(String id) throws Exception {
        var exit = containers.wait(id, WaitCondition.NEXT_EXIT);
        containers.start(id);
        return (int) exit.get(20, TimeUnit.SECONDS).statusCode();
    }

    private static String logs(String id, boolean stdout, boolean stderr) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        containers.logs(id, new LogOptions(false, stdout, stderr, 0, 0, false, -1)).writeTo(new ContainerService.LogSink() {
            public void write(LogLine line) {
                lines.add(line);
            }

            public boolean isOpen() {
                return true;
            }
        });
        StringBuilder sb = new StringBuilder();
        for (LogLine l : lines) sb.append(new String(l.content(), StandardCharsets.UTF_8));
        return sb.toString();
    }

    @Test
    void echoPrintsToTheLogAndExitsZero() throws Exception {
        long t0 = System.nanoTime();
        String id = create(List.of("echo", "hello"), null);
        int code = run(id);
        System.out.printf("create+start+exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(code).isZero();
        assertThat(logs(id, true, true)).isEqualTo("hello\n");
        assertThat(containers.inspect(id).state().status()).isEqualTo("exited");
    }

    @Test
    void exitCodePropagates() throws Exception {
        assertThat(run(create(List.of("sh", "-c", "exit 3"), null))).isEqualTo(3);
    }

    @Test
    void stdoutAndStderrAreKeptApart() throws Exception {
        String id = create(List.of("sh", "-c", "echo out; echo err >&2"), null);
        run(id);
        assertThat(logs(id, true, false)).isEqualTo("out\n");
        assertThat(logs(id, false, true)).isEqualTo("err\n");
    }

    /** Docker's rule: a container that never ran stays "created", with the exit code and the error recorded. */
    @Test
    void unknownCommandFailsToStartAndStaysCreatedWithExitCode127() {
        String id = create(List.of("nosuchcmd"), null);
        assertThatThrownBy(() -> containers.start(id)).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("executable file not found");
        var state = containers.inspect(id).state();
        assertThat(state.status()).isEqualTo("created");
        assertThat(state.exitCode()).isEqualTo(127);
        assertThat(state.error()).contains("executable file not found");
        assertThat(state.finishedAt()).isEqualTo(ContainerViews.ZERO_TIME);
    }

    @Test
    void unexecutableCommandFailsToStartWithExitCode126() {
        String id = create(List.of("/etc/passwd"), null);
        assertThatThrownBy(() -> containers.start(id)).isInstanceOf(InvalidArgumentException.class);
        assertThat(containers.inspect(id).state().status()).isEqualTo("created");
        assertThat(containers.inspect(id).state().exitCode()).isEqualTo(126);
    }

    @Test
    void failedStartOfAnExitedContainerLeavesItExited() throws Exception {
        String id = create(List.of("sh", "-c", "exit 4"), null);
        assertThat(run(id)).isEqualTo(4);
        java.nio.file.Path sh = engine.root.resolve("data/containers").resolve(id).resolve("upper/bin/sh");
        java.nio.file.Files.createDirectories(sh.getParent());
        java.nio.file.Files.writeString(sh, "not a program"); // the upper dir hides the image's sh
        assertThatThrownBy(() -> containers.start(id)).isInstanceOf(InvalidArgumentException.class);
        var state = containers.inspect(id).state();
        assertThat(state.status()).isEqualTo("exited");
        assertThat(state.exitCode()).isIn(126, 127);
        assertThat(state.error()).isNotEmpty();
    }

    @Test
    void autoRemovedContainerIsGoneWhenRemovedWaiterCompletes() throws Exception {
        String id = create(List.of("true"), EngineFixture.autoRemove());
        var removed = containers.wait(id, WaitCondition.REMOVED);
        long t0 = System.nanoTime();
        containers.start(id);
        assertThat(removed.get(20, TimeUnit.SECONDS).statusCode()).isZero();
        System.out.printf("run --rm true: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThatThrownBy(() -> containers.inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void runningContainerCannotBeRemovedWithoutForce() throws Exception {
        String id = create(List.of("sleep", "60"), null);
        containers.start(id);
        assertThatThrownBy(() -> containers.remove(id, false, false)).isInstanceOf(ConflictException.class)
                .hasMessageStartingWith("You cannot remove a running container");
        containers.remove(id, true, false);
        assertThatThrownBy(() -> containers.inspect(id)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void stopSendsSigkillAfterTimeout() throws Exception {
        String id = create(List.of("sleep", "60"), null);
        containers.start(id);
        containers.stop(id, 1, null);
        assertThat(containers.inspect(id).state().exitCode()).isEqualTo(137);
    }

    /** Prints the engine-side latency of `run --rm true` (create, start, exit, removal); timing is not asserted. */
    @Test
    void runRemoveTrueLatencyIsPrinted() throws Exception {
        HostConfig autoRemove = EngineFixture.autoRemove();
        long[] millis = new long[12];
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            String id = create(List.of("true"), autoRemove);
            var removed = containers.wait(id, WaitCondition.REMOVED);
            containers.start(id);
            assertThat(removed.get(20, TimeUnit.SECONDS).statusCode()).isZero();
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        long[] warm = java.util.Arrays.copyOfRange(millis, 2, millis.length);
        java.util.Arrays.sort(warm);
        System.out.printf("run --rm true (engine, no HTTP): median %d ms, min %d ms, runs %s%n", warm[warm.length / 2],
                warm[0], java.util.Arrays.toString(millis));
    }
}
