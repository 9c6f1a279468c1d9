package berth.engine.container;

/** A container's mutable state (the container_state row). Times are RFC 3339 strings, null when never set. */
record RuntimeState(ContainerStatus status, int pid, int exitCode, String startedAt, String finishedAt,
                    boolean oomKilled, String error, int restartCount) {

    static RuntimeState creating() {
        return new RuntimeState(ContainerStatus.CREATING, 0, 0, null, null, false, "", 0);
    }

    RuntimeState withStatus(ContainerStatus s) {
        return new RuntimeState(s, pid, exitCode, startedAt, finishedAt, oomKilled, error, restartCount);
    }

    RuntimeState running(int newPid, String now) {
        return new RuntimeState(ContainerStatus.RUNNING, newPid, 0, now, finishedAt, false, "", restartCount);
    }

    RuntimeState exited(int code, String now, boolean oom, String err) {
        return new RuntimeState(ContainerStatus.EXITED, 0, code, startedAt, now, oom, err, restartCount);
    }

    boolean isRunning() {
        return status == ContainerStatus.RUNNING;
    }
}
