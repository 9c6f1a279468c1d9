package berth.engine.container;

import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * Joins P records into whole lines, per stream, each stamped with the time of its first piece. A line that grows past
 * 16 KiB without a newline goes out in 16 KiB pieces without one, as Docker splits long lines, so that a container
 * printing one endless line cannot grow the daemon's heap.
 */
final class LogJoiner {
    static final int MAX_PENDING = 16 * 1024;

    private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream(),
            new ByteArrayOutputStream()};
    private final Instant[] firstTime = new Instant[3];
    private final Output out;

    interface Output {
        void line(LogLine line) throws IOException;
    }

    LogJoiner(Output out) {
        this.out = out;
    }

    /** A record's text {@code buf[off, off+len)}: part of a line if {@code partial}, else the line's end. */
    void add(StreamType stream, Instant time, boolean partial, byte[] buf, int off, int len) throws IOException {
        int s = stream.ordinal();
        if (firstTime[s] == null) firstTime[s] = time;
        pending[s].write(buf, off, len);
        if (!partial) {
            pending[s].write('\n');
            emit(s);
        } else if (pending[s].size() >= MAX_PENDING) {
            emit(s);
        }
    }

    /** Emits the unfinished lines as they are, without a newline: the last output of a container that has stopped. */
    void flush() throws IOException {
        for (int s = 0; s < 3; s++) {
            if (pending[s].size() > 0) emit(s);
        }
    }

    private void emit(int s) throws IOException {
        out.line(new LogLine(StreamType.values()[s], firstTime[s], pending[s].toByteArray()));
        pending[s].reset();
        firstTime[s] = null;
    }
}
