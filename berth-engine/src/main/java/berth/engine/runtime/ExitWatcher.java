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

/**
 * Watches conmon's exit directory (inotify) for the whole daemon and reports (container id, exit code). conmon
 * writes the file in place, so a file seen empty is read again shortly after.
 */
public final class ExitWatcher implements AutoCloseable {
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
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String text = Files.readString(dir.resolve(id)).strip();
                if (!text.isEmpty()) return Integer.parseInt(text);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException | NumberFormatException e) {
                // being written: read again
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
        Files.deleteIfExists(dir.resolve(id));
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (!(event.context() instanceof Path name)) continue;
                    String id = name.toString();
                    Integer code = exitCode(id);
                    if (code != null) Thread.ofVirtual().start(() -> onExit.accept(id, code));
                }
                if (!key.reset()) return;
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the daemon is stopping
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
