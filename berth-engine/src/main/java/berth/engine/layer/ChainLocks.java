package berth.engine.layer;

import berth.engine.content.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per chain ID, held while a chain is unpacked or deleted; entries go away when unused. */
final class ChainLocks {
    private final Map<Digest, Entry> locks = new HashMap<>();

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** Blocks until the chain is free; close the result to release it. */
    Held lock(Digest chainId) {
        Entry e;
        synchronized (locks) {
            e = locks.computeIfAbsent(chainId, k -> new Entry());
            e.users++;
        }
        e.lock.lock();
        return () -> {
            e.lock.unlock();
            synchronized (locks) {
                if (--e.users == 0) locks.remove(chainId);
            }
        };
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
