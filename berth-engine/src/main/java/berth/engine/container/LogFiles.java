package berth.engine.container;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * One container's log files: {@code ctr.log}, which conmon writes, and the older generations {@code ctr.log.1} (the
 * newest) to {@code ctr.log.<max-file - 1>}.
 *
 * <p>conmon bounds a file itself ({@code --log-size-max}): when the next record would overflow it, it writes a fresh
 * {@code ctr.log.tmp} and renames it over {@code ctr.log}, which drops the old file. To keep that file, Berth holds a
 * second name for the file conmon is writing, {@code ctr.log.hold}, made before conmon starts. The rename then only
 * removes one of two names; {@link #shift} moves the held file to {@code ctr.log.1} (older ones up by one, the oldest
 * dropped) and holds the new {@code ctr.log}. If conmon replaces a file before Berth holds it (Berth stopped, or a
 * writer faster than Berth), that file is lost, never kept: the bound on disk use holds without Berth.
 */
record LogFiles(Path current, int maxFile) {
    /**
     * Shifts and readers opening the files take the lock of their files, so that a reader sees the generations
     * still; only conmon's rename of {@code ctr.log} can happen meanwhile. Striped by path: no per-container state.
     */
    private static final ReentrantLock[] LOCKS = IntStream.range(0, 64).mapToObj(i -> new ReentrantLock())
            .toArray(ReentrantLock[]::new);

    ReentrantLock lock() {
        return LOCKS[Math.floorMod(current.hashCode(), LOCKS.length)];
    }

    Path hold() {
        return sibling(".hold");
    }

    /** Generation {@code n} (1 = the newest rotated file). */
    Path rotated(int n) {
        return sibling("." + n);
    }

    private Path sibling(String suffix) {
        return current.resolveSibling(current.getFileName() + suffix);
    }

    /**
     * Oldest first, the file being written last: the order in which the lines were written. Between conmon's
     * replacing {@code ctr.log} and {@link #shift}, the file it left is only the held one, listed before the new one.
     */
    List<Path> oldestFirst() {
        List<Path> files = new ArrayList<>();
        for (int n = Math.max(1, maxFile - 1); n >= 1; n--) {
            if (Files.exists(rotated(n))) files.add(rotated(n));
        }
        if (maxFile > 1) {
            Object held = key(hold());
            if (held != null && !held.equals(key(current))) files.add(hold());
        }
        files.add(current);
        return files;
    }

    /**
     * Before conmon opens the log: a non-empty log from an earlier run becomes generation 1 (conmon counts its
     * bound from zero, so appending would let the file grow past it), then the file conmon will write is held.
     * With one file there is nothing to keep and conmon's own truncation is all there is.
     */
    void prepare() throws IOException {
        lock().lock();
        try {
            prepareLocked();
        } finally {
            lock().unlock();
        }
    }

    private void prepareLocked() throws IOException {
        if (maxFile <= 1) {
            Files.deleteIfExists(hold());
            return;
        }
        if (Files.exists(current) && Files.size(current) > 0) {
            Files.deleteIfExists(hold());
            shiftGenerations();
            Files.move(current, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(current)) Files.createFile(current);
        Files.deleteIfExists(hold());
        Files.createLink(hold(), current);
    }

    /**
     * Called whenever {@code ctr.log} may have been replaced: if the held file is no longer {@code ctr.log}, it
     * becomes generation 1 and the new {@code ctr.log} is held. Returns whether anything moved. Callers serialise
     * calls for one container ({@link LogRotator}).
     */
    boolean shift() throws IOException {
        lock().lock();
        try {
            return shiftLocked();
        } finally {
            lock().unlock();
        }
    }

    private boolean shiftLocked() throws IOException {
        if (maxFile <= 1) return false;
        Object now = key(current);
        if (now == null) return false; // not started yet, or being removed
        Object held = key(hold());
        if (now.equals(held)) return false;
        if (held != null) {
            shiftGenerations();
            Files.move(hold(), rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createLink(hold(), current);
                return true;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 2) throw e;
                Files.deleteIfExists(hold());
            } catch (NoSuchFileException e) {
                return true; // removed meanwhile
            }
        }
    }

    /** Makes room for a new generation 1: the oldest kept one is dropped, the others move up by one. */
    private void shiftGenerations() throws IOException {
        Files.deleteIfExists(rotated(maxFile - 1));
        for (int n = maxFile - 2; n >= 1; n--) {
            if (Files.exists(rotated(n))) Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The file's identity (device and inode), or null when it does not exist. */
    static Object key(Path file) {
        try {
            return Objects.requireNonNull(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
