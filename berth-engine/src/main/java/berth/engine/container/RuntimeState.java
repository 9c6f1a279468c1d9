package berth.engine.container;

/**
 * A container's mutable state (the container_state row). Times are RFC 3339 strings, null when never set.
 *
 * <p>Each start is a new run, numbered by {@code generation}; the run's process is named by {@code pid} together
 * with {@code pidStart} (its start time in clock ticks since boot) and {@code bootId} (the boot it ran in), because
 * a pid number alone may belong to an unrelated process once the container's is gone.
 */
record RuntimeState(ContainerStatus status, int pid, int exitCode, String startedAt, String finishedAt,
                    boolean oomKilled, String error, int restartCount, long generation, long pidStart, String bootId) {

    RuntimeState(ContainerStatus status, int pid, int exitCode, String startedAt, String finishedAt, boolean oomKilled,
                 String error, int restartCount) {
        this(status, pid, exitCode, startedAt, finishedAt, oomKilled, error, restartCount, 0, 0, "");
    }

    static RuntimeState creating() {
        return new RuntimeState(ContainerStatus.CREATING, 0, 0, null, null, false, "", 0);
    }

    RuntimeState withStatus(ContainerStatus s) {
        return new RuntimeState(s, pid, exitCode, startedAt, finishedAt, oomKilled, error, restartCount, generation,
                pidStart, bootId);
    }

    RuntimeState withRestartCount(int count) {
        return new RuntimeState(status, pid, exitCode, startedAt, finishedAt, oomKilled, error, count, generation,
                pidStart, bootId);
    }

    /** The next run: a new generation, its process and the boot it runs in. */
    RuntimeState running(int newPid, long newPidStart, String newBootId, String now) {
        return new RuntimeState(ContainerStatus.RUNNING, newPid, 0, now, finishedAt, false, "", restartCount,
                generation + 1, newPidStart, newBootId);
    }

    /** The end of the current run; the generation stays, so that a late notice of this run is recognised as such. */
    RuntimeState exited(int code, String now, boolean oom, String err) {
        return new RuntimeState(ContainerStatus.EXITED, 0, code, startedAt, now, oom, err, restartCount, generation, 0, "");
    }

    /**
     * A start that failed leaves the container as it was (created, or exited from its last run), as Docker does:
     * only the exit code (127 command not found, 126 not executable) and the error are recorded.
     */
    RuntimeState startFailed(int code, String err) {
        return new RuntimeState(status == ContainerStatus.CREATING ? ContainerStatus.CREATED : status, 0, code,
                startedAt, finishedAt, oomKilled, err, restartCount, generation, 0, "");
    }

    boolean isRunning() {
        return status == ContainerStatus.RUNNING;
    }
}
