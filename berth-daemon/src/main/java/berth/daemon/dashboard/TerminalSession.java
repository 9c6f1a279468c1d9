package berth.daemon.dashboard;

/**
 * One process's terminal as the dashboard keeps it: its input, the last {@link #REPLAY} bytes of its output, and at
 * most one viewer (a WebSocket) at a time. A viewer that goes away leaves the terminal running; the next one gets
 * the kept output first, then what follows. Output and exit come from the thread pumping the process.
 */
final class TerminalSession {
    static final int REPLAY = 64 * 1024;

    /** Where a terminal's output goes: one WebSocket. Calls must not block for long (they run under the lock). */
    interface Viewer {
        void output(byte[] data);

        void exit(int code);

        /** Another viewer took the terminal over. */
        void replaced();
    }

    private final StdinPipe stdin = new StdinPipe();
    private final ReplayRing replay = new ReplayRing(REPLAY);
    private Viewer viewer;
    private Integer exitCode;
    private long detachedSince = System.nanoTime(); // unwatched until a viewer comes

    StdinPipe stdin() {
        return stdin;
    }

    /** Makes {@code next} the viewer: the kept output first, and the exit if there was one. A previous viewer is told. */
    synchronized void attach(Viewer next) {
        if (viewer != null && viewer != next) viewer.replaced();
        viewer = next;
        detachedSince = -1;
        byte[] kept = replay.snapshot();
        if (kept.length > 0) next.output(kept);
        if (exitCode != null) next.exit(exitCode);
    }

    /** {@code gone} left; the terminal runs on without a viewer from {@code now} (nanoTime). */
    synchronized void detach(Viewer gone, long now) {
        if (viewer != gone) return;
        viewer = null;
        detachedSince = now;
    }

    synchronized void output(byte[] data, int offset, int length) {
        replay.write(data, offset, length);
        if (viewer != null) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            viewer.output(copy);
        }
    }

    synchronized void exited(int code) {
        exitCode = code;
        stdin.close();
        if (viewer != null) viewer.exit(code);
        viewer = null;
        // an ended terminal is kept for a viewer who comes back late, and forgotten like an unwatched one
        if (detachedSince < 0) detachedSince = System.nanoTime();
    }

    synchronized boolean ended() {
        return exitCode != null;
    }

    /** True when no one has watched it for {@code limitNanos} as of {@code now}. */
    synchronized boolean unwatchedFor(long limitNanos, long now) {
        return viewer == null && detachedSince >= 0 && now - detachedSince >= limitNanos;
    }
}
