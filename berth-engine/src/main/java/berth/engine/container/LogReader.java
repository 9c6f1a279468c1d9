package berth.engine.container;

import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.LogSink;
import berth.engine.container.ContainerService.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads conmon's k8s-file log: one record per line, {@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}, where P marks
 * a partial line continued by the next record of the same stream. Keeps stdout and stderr apart.
 */
final class LogReader {
    private static final long POLL_MILLIS = 50;

    private LogReader() {}

    /** One parsed record; null for a malformed line. */
    record Record(Instant time, StreamType stream, boolean partial, byte[] text) {}

    static Record parse(byte[] line, int length) {
        String head = new String(line, 0, Math.min(length, 80), StandardCharsets.US_ASCII);
        int s1 = head.indexOf(' ');
        int s2 = s1 < 0 ? -1 : head.indexOf(' ', s1 + 1);
        int s3 = s2 < 0 ? -1 : head.indexOf(' ', s2 + 1);
        if (s3 < 0 && s2 > 0 && length == s2 + 2) s3 = length; // "P" or "F" with empty text
        if (s1 < 0 || s2 < 0 || s3 < 0) return null;
        try {
            Instant time = Instant.parse(head.substring(0, s1).replace("+00:00", "Z"));
            StreamType stream = head.substring(s1 + 1, s2).equals("stderr") ? StreamType.STDERR : StreamType.STDOUT;
            boolean partial = head.charAt(s2 + 1) == 'P';
            int start = Math.min(length, s3 + 1);
            byte[] text = new byte[length - start];
            System.arraycopy(line, start, text, 0, text.length);
            return new Record(time, stream, partial, text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Joins partial records into whole lines, per stream, with the newline the full record ends. */
    static final class Joiner {
        private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                new ByteArrayOutputStream()};
        private final Instant[] firstTime = new Instant[3];

        LogLine add(Record r) {
            int i = r.stream().ordinal();
            if (firstTime[i] == null) firstTime[i] = r.time();
            pending[i].writeBytes(r.text());
            if (r.partial()) return null;
            pending[i].write('\n');
            LogLine line = new LogLine(r.stream(), firstTime[i], pending[i].toByteArray());
            pending[i].reset();
            firstTime[i] = null;
            return line;
        }

        /** A trailing partial line (no newline yet), emitted at the end of a non-follow read. */
        List<LogLine> flush() {
            List<LogLine> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (pending[i].size() > 0) {
                    out.add(new LogLine(StreamType.values()[i], firstTime[i], pending[i].toByteArray()));
                    pending[i].reset();
                    firstTime[i] = null;
                }
            }
            return out;
        }
    }

    static void read(Path file, LogOptions options, LogSink sink, BooleanSupplier running) throws IOException {
        if (!Files.exists(file)) {
            if (!options.follow()) return;
        }
        Joiner joiner = new Joiner();
        ArrayDeque<LogLine> tail = options.tail() >= 0 ? new ArrayDeque<>() : null;
        long position = 0;
        ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
        boolean first = true;
        while (sink.isOpen()) {
            boolean wasRunning = running.getAsBoolean();
            List<LogLine> lines = new ArrayList<>();
            if (Files.exists(file)) {
                try (FileChannel ch = FileChannel.open(file)) {
                    if (ch.size() < position) position = 0; // truncated
                    ch.position(position);
                    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                    int n;
                    while ((n = ch.read(buf)) > 0) {
                        byte[] a = buf.array();
                        int start = 0;
                        for (int i = 0; i < buf.position(); i++) {
                            if (a[i] == '\n') {
                                partialLine.write(a, start, i - start);
                                byte[] l = partialLine.toByteArray();
                                partialLine.reset();
                                Record r = parse(l, l.length);
                                if (r != null) {
                                    LogLine line = joiner.add(r);
                                    if (line != null) lines.add(line);
                                }
                                start = i + 1;
                            }
                        }
                        partialLine.write(a, start, buf.position() - start);
                        position += n;
                        buf.clear();
                    }
                }
            }
            if (first && !options.follow()) lines.addAll(joiner.flush());
            for (LogLine line : lines) {
                if (!inRange(line, options)) continue;
                if (first && tail != null) {
                    tail.addLast(line);
                    if (tail.size() > options.tail()) tail.removeFirst();
                } else {
                    emit(line, options, sink);
                }
            }
            if (first && tail != null) {
                for (LogLine line : tail) emit(line, options, sink);
                tail.clear();
            }
            first = false;
            if (!options.follow() || !wasRunning) return;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean inRange(LogLine line, LogOptions o) {
        long nanos = line.time().getEpochSecond() * 1_000_000_000L + line.time().getNano();
        if (o.sinceNanos() > 0 && nanos < o.sinceNanos()) return false;
        return o.untilNanos() <= 0 || nanos <= o.untilNanos();
    }

    private static void emit(LogLine line, LogOptions o, LogSink sink) throws IOException {
        if (line.stream() == StreamType.STDOUT && !o.stdout()) return;
        if (line.stream() == StreamType.STDERR && !o.stderr()) return;
        sink.write(line);
    }
}
