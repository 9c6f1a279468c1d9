package berth.daemon.log;

import java.io.PrintStream;
import java.time.Instant;

/**
 * berthd's structured logger: one logfmt line per event ({@code time=… level=… msg="…" key=value…}) on stderr.
 * Quiet by default: at info only start and stop are logged; {@code --debug} adds every request. The request being
 * served is bound in {@link #REQUEST} so that lines logged while serving it carry its id.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    public static final ScopedValue<String> REQUEST = ScopedValue.newInstance();

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    private Log() {}

    public static void setLevel(Level level) {
        threshold = level;
    }

    /** For tests that capture the output. */
    public static void setOutput(PrintStream stream) {
        out = stream;
    }

    public static void debug(String msg, Object... keyValues) {
        log(Level.DEBUG, msg, null, keyValues);
    }

    public static void info(String msg, Object... keyValues) {
        log(Level.INFO, msg, null, keyValues);
    }

    public static void warn(String msg, Object... keyValues) {
        log(Level.WARN, msg, null, keyValues);
    }

    public static void error(String msg, Throwable cause, Object... keyValues) {
        log(Level.ERROR, msg, cause, keyValues);
    }

    private static void log(Level level, String msg, Throwable cause, Object... keyValues) {
        if (level.compareTo(threshold) < 0) return;
        StringBuilder line = new StringBuilder(128)
                .append("time=").append(Instant.now())
                .append(" level=").append(level.name().toLowerCase(java.util.Locale.ROOT))
                .append(" msg=").append(quote(msg));
        if (REQUEST.isBound()) line.append(" req=").append(REQUEST.get());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(keyValues[i + 1])));
        }
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(line);
            if (cause != null) cause.printStackTrace(stream);
        }
    }

    static String quote(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\');
        if (plain) return value;
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
