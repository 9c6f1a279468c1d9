package berth.cli;

import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** A verb: its options are picocli fields; {@link #run()} does the work and returns the exit code. */
public abstract class Verb implements Callable<Integer> {
    /** docker's --format help for list verbs (a table by default). */
    public static final String FORMAT_TABLE = """
            Format output using a custom template:
            'table':            Print output in table format with column headers (default)
            'table TEMPLATE':   Print output in table format using the given Go template
            'json':             Print in JSON format
            'TEMPLATE':         Print output using the given Go template.
            Templates use Go's text/template syntax with the docker CLI's functions (json, table, join, ...)""";
    /** docker's --format help for verbs that print objects. */
    public static final String FORMAT_PLAIN = """
            Format output using a custom template:
            'json':             Print in JSON format
            'TEMPLATE':         Print output using the given Go template.
            Templates use Go's text/template syntax with the docker CLI's functions (json, table, join, ...)""";

    protected final PrintStream out = System.out;
    protected final PrintStream err = System.err;

    protected EngineClient client() {
        return Main.cli().client();
    }

    protected abstract int run() throws Exception;

    @Override
    public Integer call() throws Exception {
        return run();
    }

    /**
     * Parses a --format template; a bad one is reported the way this verb's docker counterpart reports it (each verb
     * has its own prefix and exit code there).
     */
    protected static berth.cli.format.Template template(String format, String prefix, int exitCode) {
        try {
            return berth.cli.format.Template.parse(format);
        } catch (berth.cli.format.Template.ParseError e) {
            throw new CliError(prefix + e.getMessage(), exitCode);
        }
    }

    /** docker's --filter k=v flags as the API's JSON map, {"k": {"v": true}}. */
    protected static String filters(List<String> flags) throws IOException {
        if (flags == null || flags.isEmpty()) return null;
        // sorted, as Go encodes maps: the same bytes on the wire as the docker CLI's
        Map<String, Map<String, Boolean>> m = new java.util.TreeMap<>();
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new berth.api.errors.InvalidArgumentException("bad format of filter (expected name=value)");
            m.computeIfAbsent(f.substring(0, eq), k -> new java.util.TreeMap<>()).put(f.substring(eq + 1), true);
        }
        return berth.client.JsonWriter.write(m);
    }

    /** Prints a JSON array with docker's 4-space indentation. */
    protected void printJsonArray(List<JsonNode> items) throws IOException {
        // Jackson's node classes stay out of this class, which every verb loads (the quick path without Jackson too)
        out.println(berth.cli.format.GoJson.indentedArray(items));
    }
}
