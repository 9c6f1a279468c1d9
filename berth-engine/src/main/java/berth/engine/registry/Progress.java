package berth.engine.registry;

import berth.api.model.ProgressMessage;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Byte progress of one layer ("Downloading", "Extracting", "Pushing"), sent at most every 100 ms (a client redraws
 * no faster, and a fast local pull would otherwise send a message per read), plus always the final count.
 */
final class Progress {
    static final long INTERVAL_NANOS = 100_000_000L;

    private final Consumer<ProgressMessage> sink;
    private final String id;
    private final String action;
    private final long total;
    private final LongSupplier clock;
    private long lastSent = Long.MIN_VALUE;
    private boolean finished;

    Progress(Consumer<ProgressMessage> sink, String id, String action, long total) {
        this(sink, id, action, total, System::nanoTime);
    }

    Progress(Consumer<ProgressMessage> sink, String id, String action, long total, LongSupplier clock) {
        this.sink = sink;
        this.id = id;
        this.action = action;
        this.total = total;
        this.clock = clock;
    }

    void update(long current) {
        if (finished) return;
        boolean last = total > 0 && current >= total;
        long now = clock.getAsLong();
        if (!last && lastSent != Long.MIN_VALUE && now - lastSent < INTERVAL_NANOS) return;
        lastSent = now;
        finished = last;
        sink.accept(ProgressMessage.progress(id, action, current, total));
    }
}
