package berth.engine.network;

import java.time.Duration;

/**
 * The thread a relay blocks in to receive on a published port. Closing a channel that a virtual thread is blocked
 * on only wakes that thread: the kernel socket is released when the thread leaves the call, so a relay's close waits
 * for it, else the port is still bound when the next container asks for it ("address already in use").
 */
final class ListenerThread {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Thread thread;

    private ListenerThread(Thread thread) {
        this.thread = thread;
    }

    static ListenerThread start(String name, Runnable loop) {
        return new ListenerThread(Thread.ofVirtual().name(name).start(loop));
    }

    /** Waits for the loop to leave its blocking call, once its channel is closed. */
    void awaitEnd() {
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
