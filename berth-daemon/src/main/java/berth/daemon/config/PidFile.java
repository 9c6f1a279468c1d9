package berth.daemon.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The daemon's pid file. It guards the exec root: a second berthd finding a live pid in it refuses to start,
 * instead of removing the first one's socket from under it. A pid whose process is gone is stale and replaced.
 */
public final class PidFile implements AutoCloseable {
    private static final Path SELF = Path.of("/proc/self");

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    public static PidFile create(Path path) throws ConfigException, IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        try {
            String text = Files.readString(path).strip();
            if (!text.isEmpty() && isRunning(Long.parseLong(text))) {
                throw new ConfigException("pid file found, ensure berthd is not running or delete " + path
                        + " (process " + text + " is running)");
            }
        } catch (NoSuchFileException | NumberFormatException e) {
            // no pid file, or garbage in it: nothing guards the exec root
        }
        Files.writeString(path, self() + "\n");
        return new PidFile(path);
    }

    /** From /proc rather than ProcessHandle, whose set-up (a process reaper pool) would delay the socket. */
    private static long self() throws IOException {
        return Long.parseLong(Files.readSymbolicLink(SELF).toString());
    }

    /** The process exists and has not exited (a zombie has: its pid is about to be free). */
    private static boolean isRunning(long pid) throws IOException {
        if (pid == self()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // shutting down: a leftover pid file is detected as stale on the next start
        }
    }
}
