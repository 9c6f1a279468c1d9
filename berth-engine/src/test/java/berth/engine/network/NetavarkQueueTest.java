package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
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
}
