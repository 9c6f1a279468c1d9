package berth.engine.container;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the rotated generations of every running container's log ({@link LogFiles#shift}) as conmon replaces
 * {@code ctr.log}. One inotify watch per container directory, for created names only (conmon's rename of
 * {@code ctr.log.tmp} onto {@code ctr.log} is one), so a container writing fast costs an event per rotation, not per
 * write. A watch ends by itself when the directory is removed.
 */
final class LogRotator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("berth.container");

    private final WatchService watcher;
    private final Map<WatchKey, LogFiles> watched = new ConcurrentHashMap<>();
    private final Thread thread;

    LogRotator() throws IOException {
        this.watcher = FileSystems.getDefault().newWatchService();
        this.thread = Thread.ofPlatform().daemon().name("log-rotator").start(this::loop);
    }

    /**
     * Starts keeping {@code files} (after conmon started, or at berthd start-up for a running container) and catches
     * up with a rotation that happened unseen, e.g. while berthd was down.
     */
    void watch(LogFiles files) {
        if (files.maxFile() <= 1) return;
        try {
            Path dir = files.current().getParent();
            WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            watched.put(key, files);
            shift(files);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.log(System.Logger.Level.WARNING, "watching the log " + files.current() + ": " + e.getMessage());
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                LogFiles files = watched.get(key);
                boolean rotated = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    rotated |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || files != null && files.current().getFileName().equals(event.context());
                }
                if (rotated && files != null) shift(files);
                if (!key.reset()) watched.remove(key);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Readies the files before conmon starts, never in the middle of a shift of the same files by the watcher. */
    void prepare(LogFiles files) throws IOException {
        synchronized (this) {
            files.prepare();
        }
    }

    /** One container's shifts never overlap: the watcher thread and {@link #watch} both come through here. */
    private void shift(LogFiles files) {
        synchronized (this) {
            try {
                files.shift();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "rotating the log " + files.current() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
