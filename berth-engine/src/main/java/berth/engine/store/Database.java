package berth.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The metadata database: one SQLite file in WAL mode, the single authority on what exists (images, tags,
 * layers, containers). Files on disk without a row are garbage; the start-up recovery of each store removes them.
 *
 * <p>One connection, used under a lock: SQLite serialises writers anyway, and our transactions are short
 * (they never wrap I/O on layers or blobs; that is done before, as containerd pre-syncs before its metadata lock).
 * Thread safety: every method may be called from any thread.
 */
public final class Database implements AutoCloseable {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Leases leases = new Leases();

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static Database open(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // FULL: in WAL mode NORMAL may lose the last commits on power loss; FULL fsyncs the WAL at every
                // commit, so a layer or image reported as stored stays stored (measured cost: docs/store.md).
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(c);
            Schema.migrate(db);
            return db;
        } catch (SQLException e) {
            throw new IOException("opening metadata database " + file + ": " + e.getMessage(), e);
        }
    }

    /** The leases of in-flight operations on this store: what garbage collection must keep. */
    public Leases leases() {
        return leases;
    }

    /** Runs {@code work} outside a transaction (reads). */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} in one transaction; rolls back if it throws. */
    public <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
    }

    public void update(SqlVoidWork work) {
        write(c -> {
            work.run(c);
            return null;
        });
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    public interface SqlVoidWork {
        void run(Connection c) throws SQLException;
    }

    /** An SQL failure: always a bug or a broken database, never user input. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("metadata database: " + cause.getMessage(), cause);
        }

        /**
         * A row referred to a row that is gone (or would leave one dangling): the sign that a concurrent operation
         * removed what this one resolved a moment before. Callers turn it into the answer the other order would give.
         */
        public boolean isForeignKeyViolation() {
            return String.valueOf(getCause().getMessage()).contains("FOREIGN KEY");
        }
    }
}
