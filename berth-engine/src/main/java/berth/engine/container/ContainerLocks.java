package berth.engine.container;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per container, serialising what changes its run (start, exit handling, signals, removal, and later exec
 * and pause), and the set of containers being removed. A lock is held only for short, bounded steps, never across a
 * wait for a process to exit.
 */
final class ContainerLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Containers whose removal is under way: no start gets through, a second removal is refused. */
    private final Set<String> removing = ConcurrentHashMap.newKeySet();

    <T> T under(String id, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void under(String id, Runnable action) {
        under(id, () -> {
            action.run();
            return null;
        });
    }

    /** False when a removal of {@code id} is under way already. */
    boolean markRemoving(String id) {
        return removing.add(id);
    }

    boolean isRemoving(String id) {
        return removing.contains(id);
    }

    /** The removal ended (done or failed); once done, the container's lock goes too. */
    void removalEnded(String id, boolean removed) {
        removing.remove(id);
        if (removed) locks.remove(id);
    }
}
