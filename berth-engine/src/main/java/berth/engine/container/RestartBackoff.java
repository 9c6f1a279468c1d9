package berth.engine.container;

import java.time.Duration;

/**
 * Docker's delay before a policy restart: 100 ms, doubled at every restart up to one minute, and back to 100 ms once
 * a run lasted 10 s or more. One per container, kept across its runs; not thread-safe (its supervisor serialises).
 */
final class RestartBackoff {
    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private Duration current = Duration.ZERO;

    /** The delay before the restart that follows a run of {@code ranFor}. */
    Duration next(Duration ranFor) {
        if (ranFor.compareTo(RESET_AFTER) >= 0) current = Duration.ZERO;
        if (current.isZero()) {
            current = FIRST;
        } else if (current.compareTo(MAX) < 0) {
            current = current.multipliedBy(2);
        }
        if (current.compareTo(MAX) > 0) current = MAX;
        return current;
    }
}
