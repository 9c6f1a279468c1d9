package berth.engine.container;

import berth.engine.container.ContainerService.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The header of one record of conmon's k8s-file log, {@code <RFC3339Nano> <stdout|stderr> <F|P> <text>\n}, read in
 * place from a buffer. P marks a partial line: conmon read output that did not end in a newline, and the next record of
 * the same stream continues it. conmon splits at most every 8 KiB, so records are short.
 *
 * @param textStart index of the text in the buffer; the text ends before the record's newline
 */
record LogRecord(int timeEnd, StreamType stream, boolean partial, int textStart) {
    /** How far into a record its header can reach: a 35-byte time with offset, " stderr P ". */
    static final int MAX_HEADER = 64;

    /** Parses {@code buf[off, off+len)} (without the newline); null for a line that is not a record. */
    static LogRecord parse(byte[] buf, int off, int len) {
        int end = off + len;
        int limit = Math.min(end, off + MAX_HEADER);
        int s1 = indexOf(buf, off, limit);
        int s2 = s1 < 0 ? -1 : indexOf(buf, s1 + 1, limit);
        if (s1 <= off || s2 < 0 || s2 + 1 >= end) return null;
        StreamType stream;
        if (is(buf, s1 + 1, s2, "stdout")) stream = StreamType.STDOUT;
        else if (is(buf, s1 + 1, s2, "stderr")) stream = StreamType.STDERR;
        else return null;
        byte flag = buf[s2 + 1];
        if (flag != 'P' && flag != 'F') return null;
        if (s2 + 2 < end && buf[s2 + 2] != ' ') return null;
        return new LogRecord(s1, stream, flag == 'P', Math.min(end, s2 + 3));
    }

    /** The record's time; null when it cannot be read. */
    static Instant time(byte[] buf, int off, LogRecord r) {
        try {
            return Instant.parse(new String(buf, off, r.timeEnd() - off, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int indexOf(byte[] buf, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (buf[i] == ' ') return i;
        }
        return -1;
    }

    private static boolean is(byte[] buf, int from, int to, String word) {
        if (to - from != word.length()) return false;
        for (int i = 0; i < word.length(); i++) {
            if (buf[from + i] != word.charAt(i)) return false;
        }
        return true;
    }
}
