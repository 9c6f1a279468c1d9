package berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints pull and push progress as the docker CLI's jsonmessage.DisplayJSONMessagesStream does. Not on a terminal:
 * each layer's status once, when it changes ("<id>: Pull complete"), byte progress skipped. On a terminal: one line
 * per layer, redrawn in place with cursor-up/erase-line escapes.
 */
public final class ProgressPrinter {
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, String> last = new HashMap<>();
    private Map<String, Integer> lines = new LinkedHashMap<>();
    /** Terminal columns, read once when the first progress line is drawn; -1 until then. */
    private int width;

    public ProgressPrinter(PrintStream out) {
        this(out, out == System.out ? Terminal.isTerminal(1) : out == System.err && Terminal.isTerminal(2));
    }

    ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, -1);
    }

    ProgressPrinter(PrintStream out, boolean terminal, int width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
    }

    /** Prints one message; throws when the stream carries an error. */
    public void accept(JsonNode m) {
        if (m.hasNonNull("error")) throw new StreamError(m.path("errorDetail").path("message").asText(m.get("error").asText()));
        if (terminal) {
            acceptOnTerminal(m);
            return;
        }
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

    private void acceptOnTerminal(JsonNode m) {
        String id = m.path("id").asText("");
        boolean progress = m.has("progressDetail");
        int diff = 0;
        if (!id.isEmpty() && progress) {
            Integer line = lines.get(id);
            if (line == null) {
                line = lines.size();
                lines.put(id, line);
                out.print("\n");
            }
            diff = lines.size() - line;
            if (diff > 0) out.print("\033[" + diff + "A");
        } else {
            // anything that is not layer progress starts a new block of lines, as in the docker CLI
            lines = new LinkedHashMap<>();
        }
        StringBuilder text = new StringBuilder();
        String endl = "";
        if (progress) {
            text.append("\033[2K\r");
            endl = "\r";
        }
        if (!id.isEmpty()) text.append(id).append(": ");
        String status = m.path("status").asText("");
        if (progress) text.append(status).append(' ').append(ProgressBar.render(m.path("progressDetail"), width(), now())).append(endl);
        else text.append(status).append(endl).append('\n');
        out.print(text);
        if (!id.isEmpty() && diff > 0) out.print("\033[" + diff + "B");
        out.flush();
    }

    private int width() {
        if (width < 0) {
            int[] size = Terminal.size();
            width = size == null ? 0 : size[1];
        }
        return width;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** An error reported inside a progress stream. */
    public static final class StreamError extends RuntimeException {
        public StreamError(String message) {
            super(message);
        }
    }
}
