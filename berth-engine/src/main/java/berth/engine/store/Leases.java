package berth.engine.store;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * What in-flight operations (pulls, imports, container creates) are about to reference, so that garbage collection
 * never removes it: containerd's leases, kept in memory because an operation does not survive a berthd restart.
 *
 * <p>A lease protects two things: the resources named in it (blob digests, layer chain IDs, image IDs, all
 * {@code sha256:…} strings), and everything created since it was acquired, which covers what an operation creates
 * before it knows its name (an import's layer). An operation adds a name <em>before</em> it checks that the object
 * exists or creates it; adding waits while a collection runs, so a collection either saw the name or ran entirely
 * before the check.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class Leases {
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Set<Lease> active = ConcurrentHashMap.newKeySet();
    private volatile Runnable collector;

    /** A new lease for {@code purpose} (its name in diagnostics), protecting what is created from now on. */
    public Lease acquire(String purpose) {
        gate.readLock().lock();
        try {
            Lease lease = new Lease(purpose, System.currentTimeMillis());
            active.add(lease);
            return lease;
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * Runs a collection with no lease being acquired or extended meanwhile, handing it what the active leases
     * protect.
     */
    public <T> T collect(Function<Snapshot, T> collection) {
        gate.writeLock().lock();
        try {
            Set<String> held = new HashSet<>();
            long oldest = Long.MAX_VALUE;
            for (Lease l : active) {
                held.addAll(l.resources);
                oldest = Math.min(oldest, l.since);
            }
            return collection.apply(new Snapshot(Set.copyOf(held), oldest));
        } finally {
            gate.writeLock().unlock();
        }
    }

    /**
     * Holds off collections while an object is published or found present and refreshed, so that a collection
     * sees it either before (and leaves it alone, as young) or not at all. Take it before any per-object lock.
     */
    public Guard guard() {
        gate.readLock().lock();
        return () -> gate.readLock().unlock();
    }

    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    /** The collection that {@link #collectSoon} starts; the engine sets it once (none: collectSoon does nothing). */
    public void collectWith(Runnable collection) {
        this.collector = collection;
    }

    /**
     * Starts a collection in the background: for an operation that failed after making objects nothing will
     * reference, so that their space comes back now rather than at the next rmi or start-up.
     */
    public void collectSoon() {
        Runnable c = collector;
        if (c != null) Thread.ofVirtual().name("gc-after-failure").start(c);
    }

    /**
     * What the active leases protect at the start of a collection: the named resources, and every object created at
     * or after {@code since} (epoch milliseconds; {@link Long#MAX_VALUE} when no lease is held).
     */
    public record Snapshot(Set<String> resources, long since) {
        public boolean protectsCreatedAt(long epochMillis) {
            // Creation times may be stored in whole seconds: compare at that precision, erring towards keeping.
            return epochMillis / 1000 >= since / 1000;
        }
    }

    /** One operation's lease. Close it once what it created is referenced by rows (or the operation failed). */
    public final class Lease implements AutoCloseable {
        private final String purpose;
        private final long since;
        private final Set<String> resources = ConcurrentHashMap.newKeySet();

        private Lease(String purpose, long since) {
            this.purpose = purpose;
            this.since = since;
        }

        /** Protects {@code names} from collection until this lease closes; waits while a collection runs. */
        public Lease add(Iterable<?> names) {
            gate.readLock().lock();
            try {
                for (Object n : names) resources.add(n.toString());
                return this;
            } finally {
                gate.readLock().unlock();
            }
        }

        public Lease add(Object... names) {
            return add(java.util.Arrays.asList(names));
        }

        @Override
        public void close() {
            active.remove(this);
        }

        @Override
        public String toString() {
            return "lease for " + purpose;
        }
    }
}
