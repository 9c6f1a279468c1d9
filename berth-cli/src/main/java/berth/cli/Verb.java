package berth.cli;

import berth.api.Json;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
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
            Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates""";
    /** docker's --format help for verbs that print objects. */
    public static final String FORMAT_PLAIN = """
            Format output using a custom template:
            'json':             Print in JSON format
            'TEMPLATE':         Print output using the given Go template.
            Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates""";

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

    /** docker's --filter k=v flags as the API's JSON map, {"k": {"v": true}}. */
    protected static String filters(List<String> flags) throws IOException {
        if (flags == null || flags.isEmpty()) return null;
        Map<String, Map<String, Boolean>> m = new LinkedHashMap<>();
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new berth.api.errors.InvalidArgumentException("bad format of filter (expected name=value)");
            m.computeIfAbsent(f.substring(0, eq), k -> new LinkedHashMap<>()).put(f.substring(eq + 1), true);
        }
        return Json.mapper().writeValueAsString(m);
    }

    /** Prints a JSON array with docker's 4-space indentation. */
    protected void printJsonArray(List<JsonNode> items) throws IOException {
        ArrayNode array = Json.mapper().createArrayNode();
        items.forEach(array::add);
        out.println(berth.cli.format.GoJson.indented(array));
    }
}
