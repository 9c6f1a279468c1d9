package berth.engine.network;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One netavark call at a time (two at once could race on a bridge being created and deleted), set-ups before
 * teardowns: a set-up is on a container start's path, a teardown on nobody's. Letting a set-up pass a pending
 * teardown is safe because what the teardown removes is still reserved until it is done: the run's addresses stay
 * leased, its namespace file is its own, and netavark keeps a bridge that still has a port.
 */
final class NetavarkQueue {
    private final Deque<Runnable> setups = new ArrayDeque<>();
    private final Deque<Runnable> teardowns = new ArrayDeque<>();
    private boolean running;
    private boolean closed;

    CompletableFuture<Void> setup(Runnable work) {
        return submit(setups, work);
    }

    CompletableFuture<Void> teardown(Runnable work) {
        return submit(teardowns, work);
    }

    private synchronized CompletableFuture<Void> submit(Deque<Runnable> queue, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new java.util.concurrent.RejectedExecutionException("networking is closed"));
            return done;
        }
        queue.add(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        if (!running) {
            running = true;
            Thread.ofVirtual().name("netavark").start(this::drain);
        }
        return done;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = !setups.isEmpty() ? setups.poll() : teardowns.poll();
                if (next == null) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
            next.run();
        }
    }

    /** Returns once nothing is queued or running. */
    synchronized void awaitIdle() {
        while (running) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized void close() {
        closed = true;
        awaitIdle();
    }
}
