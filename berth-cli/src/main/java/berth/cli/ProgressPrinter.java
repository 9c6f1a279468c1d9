package berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints pull and push progress as the docker CLI does when its output is not a terminal: each layer's status once,
 * when it changes ("<id>: Pull complete"), and the other status lines as they come. Byte-progress updates are skipped.
 */
public final class ProgressPrinter {
    private final PrintStream out;
    private final Map<String, String> last = new HashMap<>();

    public ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    /** Prints one message; throws when the stream carries an error. */
    public void accept(JsonNode m) {
        if (m.hasNonNull("error")) throw new StreamError(m.path("errorDetail").path("message").asText(m.get("error").asText()));
        String status = m.path("status").asText("");
        if (status.isEmpty()) return;
        String id = m.path("id").asText("");
        if (id.isEmpty()) {
            out.println(status);
            return;
        }
        if (m.path("progressDetail").has("current")) return;
        if (status.equals(last.put(id, status))) return;
        out.println(id + ": " + status);
    }

    /** An error reported inside a progress stream. */
    public static final class StreamError extends RuntimeException {
        public StreamError(String message) {
            super(message);
        }
    }
}
