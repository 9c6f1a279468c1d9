package berth.engine.container;

import berth.api.model.Health;
import berth.api.model.HealthcheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A container's health as Docker keeps it: "starting" until the first success, "healthy" after one, "unhealthy"
 * after {@code retries} failures in a row; failures inside the start period do not count while still starting. The
 * last five results are kept. Thread-safe.
 */
final class HealthState {
    static final String STARTING = "starting";
    static final String HEALTHY = "healthy";
    static final String UNHEALTHY = "unhealthy";
    static final int MAX_LOG_ENTRIES = 5;
    /** Docker keeps at most this much of a probe's output. */
    static final int MAX_OUTPUT = 4096;

    private String status = STARTING;
    private int failingStreak;
    private final Deque<HealthcheckResult> log = new ArrayDeque<>();

    HealthState() {}

    /** The state as it was kept (see {@link HealthStore}). */
    HealthState(Health kept) {
        status = kept.status() == null ? STARTING : kept.status();
        failingStreak = kept.failingStreak();
        if (kept.log() != null) {
            for (HealthcheckResult r : kept.log()) {
                if (log.size() >= MAX_LOG_ENTRIES) log.removeFirst();
                log.addLast(r);
            }
        }
    }

    /** A new run: starting again, the streak forgotten; the log stays, as in Docker. */
    synchronized void restart() {
        status = STARTING;
        failingStreak = 0;
    }

    synchronized String status() {
        return status;
    }

    /** Records a probe's result; returns the new status when it changed, else null. */
    synchronized String record(HealthcheckResult result, Instant runStarted, Duration startPeriod, int retries) {
        String old = status;
        if (log.size() >= MAX_LOG_ENTRIES) log.removeFirst();
        log.addLast(result);
        if (result.exitCode() == 0) {
            failingStreak = 0;
            status = HEALTHY;
        } else {
            boolean counts = true;
            if (status.equals(STARTING)) {
                Duration sinceStart = Duration.between(runStarted, Instant.parse(result.start()));
                if (sinceStart.compareTo(startPeriod) < 0) counts = false;
            }
            if (counts) {
                failingStreak++;
                if (failingStreak >= retries) status = UNHEALTHY;
            }
        }
        return status.equals(old) ? null : status;
    }

    synchronized Health view() {
        return new Health(status, failingStreak, List.copyOf(log));
    }

    /** What ps shows after "Up …": "(healthy)", "(unhealthy)", "(health: starting)". */
    synchronized String suffix() {
        return status.equals(STARTING) ? "(health: starting)" : "(" + status + ")";
    }
}
