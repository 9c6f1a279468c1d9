package berth.engine.registry;

import berth.api.model.ProgressMessage;
import java.util.function.Consumer;

/** Reports byte progress of one layer, at most every 100 ms (the docker CLI redraws no faster), and the final count. */
final class Progress {
    private static final long INTERVAL_NANOS = 100_000_000L;
    private final Consumer<ProgressMessage> sink;
    private final String id;
    private final String action;
    private final long total;
    private long last;

    Progress(Consumer<ProgressMessage> sink, String id, String action, long total) {
        this.sink = sink;
        this.id = id;
        this.action = action;
        this.total = total;
    }

    void update(long current) {
        long now = System.nanoTime();
        if (now - last < INTERVAL_NANOS && current < total) return;
        last = now;
        sink.accept(ProgressMessage.progress(id, action, current, total));
    }
}
