package berth.engine.container;

import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.LogSink;
import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log ({@link LogFiles}: the rotated generations, then the file conmon writes) as lines per stream,
 * for {@code docker logs}: {@code --tail} starts near the end without reading the rest ({@link LogTail}); {@code -f}
 * keeps reading, follows conmon to each new file when it rotates, and ends when the container stops.
 *
 * <p>The files are opened all at once before reading, so a rotation during the read cannot make lines go missing or
 * show twice. A line without its newline yet is held while the container runs and printed as it is, without a newline,
 * once it has stopped, as Docker prints a container's last unfinished line.
 */
final class LogReader {
    private static final long POLL_MILLIS = 50;
    /** Past this many rotations while opening, the last chain opened is read as it is (a writer gone wild). */
    private static final int MAX_CHAIN_ATTEMPTS = 20;

    private LogReader() {}

    static void read(LogFiles files, LogOptions options, LogSink sink, BooleanSupplier running) throws IOException {
        List<OpenFile> snapshot = openChain(files);
        try {
            if (snapshot.isEmpty() || !snapshot.getLast().path().equals(files.current())) {
                return; // never started: nothing written yet, and nothing will be while it is stopped
            }
            Reading reading = new Reading(options, sink);
            LogTail.Start start = options.tail() >= 0 ? tailStart(snapshot, options.tail()) : LogTail.Start.all();
            reading.start = start;
            LogLines current = null;
            for (int i = start.from().file(); i < snapshot.size(); i++) {
                current = new LogLines(snapshot.get(i).channel(), i == start.from().file() ? start.from().offset() : 0);
                reading.file = i;
                current.drain(reading);
            }
            if (options.follow()) follow(files, snapshot.getLast().key(), current, reading, running);
            if (sink.isOpen()) reading.joiner.flush();
        } finally {
            for (OpenFile f : snapshot) f.channel().close();
        }
    }

    private static LogTail.Start tailStart(List<OpenFile> snapshot, int lines) throws IOException {
        List<FileChannel> channels = new ArrayList<>();
        long[] ends = new long[snapshot.size()];
        for (int i = 0; i < snapshot.size(); i++) {
            channels.add(snapshot.get(i).channel());
            ends[i] = snapshot.get(i).size();
        }
        return LogTail.scan(channels, ends, lines);
    }

    /**
     * Polls the file being written until the container stops or the client leaves. When conmon has moved on to a new
     * file, the old one is complete (conmon closes it first): it is read to its end, then the files that came after
     * it, which are found by identity among the rotated ones, since names shift with every rotation.
     */
    private static void follow(LogFiles files, Object startKey, LogLines start, Reading reading, BooleanSupplier running)
            throws IOException {
        Object currentKey = startKey;
        LogLines current = start;
        FileChannel owned = null; // opened here, not part of the snapshot
        try {
            while (reading.sink.isOpen()) {
                boolean wasRunning = running.getAsBoolean();
                current.drain(reading);
                Object now = LogFiles.key(files.current());
                if (now == null) return; // removed
                if (!now.equals(currentKey)) {
                    current.drain(reading);
                    List<OpenFile> next = successors(openChain(files), currentKey);
                    try {
                        for (OpenFile f : next) {
                            if (owned != null) owned.close();
                            owned = f.channel();
                            current = new LogLines(f.channel(), 0);
                            reading.file++;
                            current.drain(reading);
                            currentKey = f.key();
                        }
                    } finally {
                        for (OpenFile f : next) {
                            if (f.channel() != owned) f.channel().close();
                        }
                    }
                    if (!next.isEmpty()) continue;
                }
                if (!wasRunning) return;
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            if (owned != null) owned.close();
        }
    }

    /**
     * The files of {@code chain} written after the one with {@code key}; the others are closed. When that file is no
     * longer kept (the reader fell more than max-file rotations behind), every kept file is newer than it.
     */
    private static List<OpenFile> successors(List<OpenFile> chain, Object key) throws IOException {
        int at = -1;
        for (int i = 0; i < chain.size(); i++) {
            if (key.equals(chain.get(i).key())) at = i;
        }
        for (int i = 0; i <= at; i++) chain.get(i).channel().close();
        return chain.subList(at + 1, chain.size());
    }

    /**
     * Opens the log's files as they were at one moment. Listing and opening them takes several system calls, and a
     * rotation in between would shift names under the reader: a generation skipped or read twice. Shifts wait for
     * the files' lock; conmon's rename of {@code ctr.log} does not, so the chain is listed again after opening, and
     * opened anew if conmon replaced the file meanwhile (once at most before its next file needs a shift).
     */
    private static List<OpenFile> openChain(LogFiles files) throws IOException {
        files.lock().lock();
        try {
            return openChainLocked(files);
        } finally {
            files.lock().unlock();
        }
    }

    private static List<OpenFile> openChainLocked(LogFiles files) throws IOException {
        for (int attempt = 1; ; attempt++) {
            List<OpenFile> opened = open(files.oldestFirst());
            List<Object> now = new ArrayList<>();
            for (Path p : files.oldestFirst()) {
                Object key = LogFiles.key(p);
                if (key != null) now.add(key);
            }
            if (attempt == MAX_CHAIN_ATTEMPTS || now.equals(opened.stream().map(OpenFile::key).toList())) {
                return opened;
            }
            for (OpenFile f : opened) f.channel().close();
        }
    }

    private record OpenFile(Path path, FileChannel channel, Object key, long size) {}

    /** Opens each file that exists, knowing which file it opened even if a rotation renames files meanwhile. */
    private static List<OpenFile> open(List<Path> paths) throws IOException {
        List<OpenFile> out = new ArrayList<>();
        for (Path p : paths) {
            for (int attempt = 0; attempt < 5; attempt++) {
                Object before = LogFiles.key(p);
                if (before == null) break;
                FileChannel ch;
                try {
                    ch = FileChannel.open(p);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (before.equals(LogFiles.key(p))) {
                    out.add(new OpenFile(p, ch, before, ch.size()));
                    break;
                }
                ch.close();
            }
        }
        return out;
    }

    /** Parses records, skips those before the tail's start, joins lines and sends them through the filters. */
    private static final class Reading implements LogLines.Handler {
        final LogOptions options;
        final LogSink sink;
        final LogJoiner joiner;
        LogTail.Start start;
        int file;

        Reading(LogOptions options, LogSink sink) {
            this.options = options;
            this.sink = sink;
            this.joiner = new LogJoiner(this::emit);
        }

        @Override
        public void line(byte[] buf, int off, int len, long offset) throws IOException {
            LogRecord r = LogRecord.parse(buf, off, len);
            if (r == null || start.skips(r.stream(), file, offset)) return;
            Instant time = LogRecord.time(buf, off, r);
            if (time == null) return;
            joiner.add(r.stream(), time, r.partial(), buf, r.textStart(), off + len - r.textStart());
        }

        private void emit(LogLine line) throws IOException {
            if (line.stream() == StreamType.STDOUT && !options.stdout()) return;
            if (line.stream() == StreamType.STDERR && !options.stderr()) return;
            long nanos = line.time().getEpochSecond() * 1_000_000_000L + line.time().getNano();
            if (options.sinceNanos() > 0 && nanos < options.sinceNanos()) return;
            if (options.untilNanos() > 0 && nanos > options.untilNanos()) return;
            sink.write(line);
        }
    }
}
