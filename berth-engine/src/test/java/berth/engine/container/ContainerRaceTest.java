package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.errors.ConflictException;
import berth.api.errors.NotFoundException;
import berth.api.errors.NotModifiedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * start, stop, kill, restart and rm -f of one container from several threads at once (root, runc, conmon): each
 * call succeeds or fails with a documented kind (304 not modified, 409 conflict, 404 after removal), never an
 * internal error; a forced removal always succeeds; and the container ends in a state its process agrees with.
 */
class ContainerRaceTest {
    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 8;

    private static EngineFixture engine;

    @BeforeAll
    static void setUp() throws Exception {
        engine = EngineFixture.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (engine != null) engine.close();
    }

    private enum Call { START, STOP, KILL, RESTART, REMOVE }

    private static void call(Call call, String id) {
        ContainerService c = engine.containers();
        switch (call) {
            case START -> c.start(id);
            case STOP -> c.stop(id, 0, null);
            case KILL -> c.kill(id, "KILL");
            case RESTART -> c.restart(id, 0, null);
            case REMOVE -> c.remove(id, true, false);
        }
    }

    private static boolean documented(Throwable t) {
        return t instanceof NotModifiedException || t instanceof ConflictException || t instanceof NotFoundException;
    }

    @Test
    void racingLifecycleCallsEndConsistentWithDocumentedStatuses() throws Exception {
        List<String> undocumented = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 6; round++) {
            String id = engine.create(List.of("sleep", "60"), false, null);
            engine.containers().start(id);
            long seed = 1000 + round;
            try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Random random = new Random(seed * 31 + t);
                    boolean remover = round % 2 == 1 && t == 0;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            Call call = remover && i == CALLS_PER_THREAD / 2 ? Call.REMOVE
                                    : Call.values()[random.nextInt(Call.values().length - 1)];
                            try {
                                call(call, id);
                            } catch (Throwable e) {
                                // a forced removal wins over the starts racing with it
                                if (call == Call.REMOVE || !documented(e)) undocumented.add(call + ": " + e);
                            }
                        }
                    }));
                }
                for (Future<?> f : done) f.get();
            }
            if (round % 2 == 1) assertThat(engine.service().repo().get(id)).as("removed by rm -f").isEmpty();
            assertConsistent(id);
        }
        assertThat(undocumented).isEmpty();
    }

    private static void assertConsistent(String id) throws Exception {
        var row = engine.service().repo().get(id);
        Path dir = engine.root.resolve("data/containers").resolve(id);
        if (row.isEmpty()) {
            assertThat(dir).doesNotExist();
            return;
        }
        RuntimeState st = row.get().state();
        ContainerLayout l = engine.service().layout(id);
        assertThat(st.status()).isIn(ContainerStatus.CREATED, ContainerStatus.RUNNING, ContainerStatus.EXITED);
        assertThat(RunProcess.alive(st, engine.bootId, l)).as("state %s agrees with its process", st.status())
                .isEqualTo(st.isRunning());
        if (!st.isRunning()) {
            // the exit is reported before the rootfs is unmounted (a few ms later, under the container's lock)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (Files.exists(l.rootfs().resolve("bin")) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(Files.exists(l.rootfs().resolve("bin"))).as("rootfs unmounted").isFalse();
        }
        engine.containers().remove(id, true, false);
        assertThat(engine.service().repo().get(id)).isEmpty();
    }
}
