package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetavarkQueueTest {
    @Test
    void aTeardownRunsOnceItIsOldEnoughEvenWhileSetUpsKeepComing() throws Exception {
        // the delay after a set-up is an hour: only the age bound lets the teardown through
        NetavarkQueue queue = new NetavarkQueue(TimeUnit.HOURS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
        CompletableFuture<Void> teardown = queue.teardown(() -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!teardown.isDone() && System.nanoTime() < deadline) {
            queue.setup(() -> { }).join();
            Thread.sleep(10);
        }
        assertThat(teardown).isDone();
        queue.close();
    }

    @Test
    void anOverdueTeardownGoesBeforeQueuedSetUps() throws Exception {
        NetavarkQueue queue = new NetavarkQueue(TimeUnit.HOURS.toNanos(1), 0); // every teardown is overdue at once
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        queue.setup(gate::join); // holds netavark while the others queue up
        CompletableFuture<Void> setup = queue.setup(() -> order.add("setup"));
        CompletableFuture<Void> teardown = queue.teardown(() -> order.add("teardown"));
        gate.complete(null);
        CompletableFuture.allOf(setup, teardown).get(30, TimeUnit.SECONDS);
        assertThat(order).containsExactly("teardown", "setup");
        queue.close();
    }
}
