package berth.engine.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Watches conmon's exit directory (inotify) for the whole daemon and reports (container id, exit code).
 *
 * <p>conmon 2.1.6 writes the file with GLib's {@code g_file_set_contents}: a temporary {@code <id>.XXXXXX} is
 * created, written, then renamed to {@code <id>} (inotify: IN_CREATE of the temporary, IN_MOVED_TO of the final
 * name, which the JDK reports as ENTRY_CREATE). Only names that are container IDs are considered: acting on the
 * temporary (and deleting it as a stale file) made conmon's rename fail and the exit went unrecorded.
 */
public final class ExitWatcher implements AutoCloseable {
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final BiConsumer<String, Integer> onExit;
    private final WatchService watcher;
    private final Thread thread;

    public ExitWatcher(Path dir, BiConsumer<String, Integer> onExit) throws IOException {
        this.dir = dir;
        this.onExit = onExit;
        Files.createDirectories(dir);
        this.watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = Thread.ofPlatform().daemon().name("exit-watcher").start(this::loop);
    }

    /** The exit code conmon recorded for {@code id}, or null if there is none (yet). */
    public Integer exitCode(String id) {
        if (!CONTAINER_ID.matcher(id).matches()) return null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String text = Files.readString(dir.resolve(id)).strip();
                if (!text.isEmpty()) return Integer.parseInt(text);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException | NumberFormatException e) {
                // written in place by another writer than conmon: read again
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    public void clear(String id) throws IOException {
        if (CONTAINER_ID.matcher(id).matches()) Files.deleteIfExists(dir.resolve(id));
    }

    /** Reports every exit file present now: after a queue overflow, and at start-up for exits missed while down. */
    public void rescan() {
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> CONTAINER_ID.matcher(n).matches())
                    .forEach(this::dispatch);
        } catch (IOException e) {
            // the directory is gone: the daemon is shutting down
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan();
                    } else if (event.context() instanceof Path name && CONTAINER_ID.matcher(name.toString()).matches()) {
                        dispatch(name.toString());
                    }
                }
                if (!key.reset()) return;
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the daemon is stopping
        }
    }

    /** Reading and handling happen off the watcher thread, so one slow exit never delays the next event. */
    private void dispatch(String id) {
        Thread.ofVirtual().name("exit-" + id.substring(0, 12)).start(() -> {
            Integer code = exitCode(id);
            if (code != null) onExit.accept(id, code);
        });
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
