package berth.it.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting by polling with a deadline (moby's poll.WaitOn), never a bare sleep. */
public final class Poll {
    private final Instant deadline;

    private Poll(Instant deadline) {
        this.deadline = deadline;
    }

    public static Poll until(Duration timeout) {
        return new Poll(Instant.now().plus(timeout));
    }

    /** Polls until the condition holds; on timeout fails with the message (evaluated then, so it can show state). */
    public void check(BooleanSupplier condition, Supplier<String> message) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out waiting: " + message.get());
            sleep(100);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
