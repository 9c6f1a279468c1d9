package berth.engine.network;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One netavark call at a time (two at once could race on a bridge being created and deleted), set-ups before
 * teardowns: a set-up is on a container start's path, a teardown on nobody's. Letting a set-up pass a pending
 * teardown is safe because what the teardown removes is still reserved until it is done: the run's addresses stay
 * leased, its namespace file is its own, and netavark keeps a bridge that still has a port. Teardowns also wait a
 * moment after the last set-up request, unless someone waits for them ({@link #expedite}). A teardown queued
 * {@link #TEARDOWN_MAX_AGE_NANOS} ago is overdue: it waits no longer and goes before queued set-ups. Under a steady
 * stream of starts (several shells running {@code run --rm} in a loop) teardowns would otherwise pile up without
 * bound, each holding its veth, rules and addresses; this way they take their share of netavark's time.
 */
final class NetavarkQueue {
    /**
     * How long teardowns wait after the last set-up was asked for: a run that ends is often followed at once by the
     * next (a script, {@code run --rm} in a loop), whose set-up would otherwise queue behind the teardown.
     */
    static final long TEARDOWN_DELAY_NANOS = 1_000_000_000L;

    /** How long the oldest queued teardown waits at most for a pause in set-ups. */
    static final long TEARDOWN_MAX_AGE_NANOS = 2_000_000_000L;

    private final Deque<Runnable> setups = new ArrayDeque<>();
    private final Deque<Runnable> teardowns = new ArrayDeque<>();
    /** When each queued teardown was queued, oldest first (in step with {@link #teardowns}). */
    private final Deque<Long> teardownsQueuedAt = new ArrayDeque<>();
    private boolean running;
    private boolean closed;
    private boolean urgent;
    private final long delayNanos;
    private final long maxAgeNanos;
    private long lastSetup;

    NetavarkQueue() {
        this(TEARDOWN_DELAY_NANOS, TEARDOWN_MAX_AGE_NANOS);
    }

    NetavarkQueue(long delayNanos, long maxAgeNanos) {
        this.delayNanos = delayNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.lastSetup = System.nanoTime() - delayNanos;
    }

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
        if (queue == setups) lastSetup = System.nanoTime();
        else teardownsQueuedAt.add(System.nanoTime());
        notifyAll();
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
                while (setups.isEmpty() && !teardowns.isEmpty() && !urgent && !closed) {
                    long until = Math.min(lastSetup + delayNanos, teardownsQueuedAt.getFirst() + maxAgeNanos);
                    long wait = until - System.nanoTime();
                    if (wait <= 0) break;
                    try {
                        wait(wait / 1_000_000 + 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                boolean overdue = !teardowns.isEmpty()
                        && System.nanoTime() - teardownsQueuedAt.getFirst() >= maxAgeNanos;
                if (!setups.isEmpty() && !overdue) {
                    next = setups.poll();
                } else {
                    next = teardowns.poll();
                    teardownsQueuedAt.poll();
                }
                if (next == null) {
                    running = false;
                    urgent = false;
                    notifyAll();
                    return;
                }
            }
            next.run();
        }
    }

    /** Someone waits for a teardown: the queued ones run now, without the delay. */
    synchronized void expedite() {
        urgent = true;
        notifyAll();
    }

    /** Returns once nothing is queued or running (queued teardowns run at once). */
    synchronized void awaitIdle() {
        urgent = true;
        notifyAll();
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
