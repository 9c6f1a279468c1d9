package berth.engine.container;

import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Finds where the last N lines of a log begin by reading its files backwards in fixed chunks, looking only at record
 * headers, so that {@code logs --tail N} costs in proportion to N and not to the size of the log.
 *
 * <p>A line is a run of P records of one stream ended by an F record (or, for the last line, by nothing yet); lines
 * of stdout and stderr interleave. Walking back, an F record of a stream closes that stream's previous line, so each
 * stream is followed separately until N lines in all are found. As in Docker, the N lines are counted before the
 * stream and time filters apply.
 */
final class LogTail {
    private static final int CHUNK = 64 * 1024;

    /** A place in the log: file index (oldest first) and byte offset. */
    record Position(int file, long offset) implements Comparable<Position> {
        static final Position START = new Position(0, 0);

        @Override
        public int compareTo(Position o) {
            return file != o.file ? Integer.compare(file, o.file) : Long.compare(offset, o.offset);
        }

        static Position min(Position a, Position b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }

    /**
     * Where to read from; records of a stream before that stream's threshold belong to older lines and are skipped.
     * Thresholds are indexed by {@link StreamType#ordinal()}.
     */
    record Start(Position from, Position[] thresholds) {
        static Start all() {
            return new Start(Position.START, new Position[] {Position.START, Position.START, Position.START});
        }

        boolean skips(StreamType stream, int file, long offset) {
            Position t = thresholds[stream.ordinal()];
            return file < t.file() || file == t.file() && offset < t.offset();
        }
    }

    private enum State { NONE, ACTIVE, DONE }

    private final int wanted;
    private final State[] state = {State.NONE, State.NONE, State.NONE};
    private final Position[] firstSelected = new Position[3];
    private int started;

    private LogTail(int wanted) {
        this.wanted = wanted;
    }

    /** {@code ends[i]} is how much of {@code files.get(i)} to consider (its size when the read began). */
    static Start scan(List<FileChannel> files, long[] ends, int lines) throws IOException {
        LogTail tail = new LogTail(lines);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        ByteBuffer header = ByteBuffer.allocate(LogRecord.MAX_HEADER);
        int last = files.size() - 1;
        Position end = new Position(last, completeEnd(files.get(last), ends[last], chunk));
        boolean done = lines <= 0;
        for (int f = last; f >= 0 && !done; f--) {
            FileChannel ch = files.get(f);
            long recordEnd = -1; // exclusive end of the record being delimited; -1 until the file's last newline
            long hi = ends[f];
            while (hi > 0 && !done) {
                long lo = Math.max(0, hi - CHUNK);
                int filled = fill(ch, chunk, lo, hi);
                long top = lo + filled;
                byte[] a = chunk.array();
                for (int i = filled - 1; i >= -1 && !done; i--) {
                    if (i >= 0 && a[i] != '\n') continue;
                    if (i < 0 && lo > 0) break; // the record continues in the previous chunk
                    long start = lo + i + 1;
                    if (recordEnd < 0) {
                        recordEnd = start; // bytes after the last newline are a record still being written
                        continue;
                    }
                    if (recordEnd > start) {
                        LogRecord r = start + LogRecord.MAX_HEADER <= top || recordEnd <= top
                                ? LogRecord.parse(a, i + 1, (int) (Math.min(recordEnd, top) - start))
                                : parseAt(ch, start, recordEnd, header);
                        if (r != null) done = tail.add(r.stream(), r.partial(), new Position(f, start));
                    }
                    recordEnd = start;
                }
                hi = lo;
            }
        }
        return tail.start(end);
    }

    /** The offset just after the last newline before {@code end}: where the complete records of a file end. */
    private static long completeEnd(FileChannel ch, long end, ByteBuffer chunk) throws IOException {
        for (long hi = end; hi > 0; ) {
            long lo = Math.max(0, hi - CHUNK);
            int filled = fill(ch, chunk, lo, hi);
            for (int i = filled - 1; i >= 0; i--) {
                if (chunk.array()[i] == '\n') return lo + i + 1;
            }
            hi = lo;
        }
        return 0;
    }

    private static int fill(FileChannel ch, ByteBuffer chunk, long lo, long hi) throws IOException {
        chunk.clear().limit((int) (hi - lo));
        while (chunk.hasRemaining() && ch.read(chunk, lo + chunk.position()) > 0) { }
        return chunk.position();
    }

    private static LogRecord parseAt(FileChannel ch, long start, long recordEnd, ByteBuffer header) throws IOException {
        header.clear().limit((int) Math.min(LogRecord.MAX_HEADER, recordEnd - start));
        while (header.hasRemaining() && ch.read(header, start + header.position()) > 0) { }
        return LogRecord.parse(header.array(), 0, header.position());
    }

    /** One record, newest first; true once the N lines and the beginning of each are known. */
    private boolean add(StreamType stream, boolean partial, Position at) {
        int s = stream.ordinal();
        switch (state[s]) {
            case NONE, ACTIVE -> {
                if (state[s] == State.ACTIVE && partial) {
                    firstSelected[s] = at; // an earlier piece of the line being collected
                } else if (started < wanted) {
                    started++; // F: the end of an earlier line, or a stream's unfinished last line
                    state[s] = State.ACTIVE;
                    firstSelected[s] = at;
                } else {
                    state[s] = State.DONE;
                }
            }
            case DONE -> { }
        }
        if (started < wanted) return false;
        for (State st : state) {
            if (st == State.ACTIVE) return false;
        }
        return true;
    }

    private Start start(Position end) {
        Position[] thresholds = new Position[3];
        Position from = end;
        for (int s = 0; s < 3; s++) {
            thresholds[s] = firstSelected[s] != null ? firstSelected[s] : end;
            from = Position.min(from, thresholds[s]);
        }
        return new Start(from, thresholds);
    }
}
