package berth.cli.container;

import berth.api.errors.EngineException;
import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the inspect verbs share. Without a type, containers are probed first, then images, as the docker CLI does. Like
 * the docker CLI it prints what it found, then one line per miss: "Error: No such object: x" when probing, the
 * daemon's error for one type.
 */
public abstract class Inspection extends Verb {
    @Option(names = {"-f", "--format"}, description = FORMAT_PLAIN) String format;
    @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> names;

    /** The type to inspect: fixed by the group forms (container inspect, image inspect); null probes both. */
    protected abstract String fixedType();

    /** Whether to ask for container sizes (-s). */
    protected abstract boolean size();

    @Override
    protected int run() throws Exception {
        String kind = fixedType();
        if (kind != null && !kind.equals("container") && !kind.equals("image")) {
            err.println("unknown type: \"" + kind + "\": must be one of \"container\", \"image\"");
            return 1;
        }
        // the template is checked before anything is fetched, as the docker CLI does
        boolean raw = format == null || format.isEmpty() || format.equals("json");
        Template template = raw ? null : template(format, "template parsing error: ", 64);
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                JsonNode item = find(name, kind);
                if (item == null) errors.add("Error: No such object: " + name);
                else found.add(template != null ? TypedView.of(item) : item);
            } catch (NotFoundException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        print(found, template);
        out.flush();
        errors.forEach(err::println);
        return errors.isEmpty() ? 0 : 1;
    }

    private void print(List<JsonNode> found, Template t) throws Exception {
        if (t == null) {
            printJsonArray(found);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : found) sb.append(t.render(n)).append('\n');
        // the docker CLI's template inspector writes one newline when nothing matched
        out.print(sb.isEmpty() ? "\n" : sb);
    }

    /** The object, or null when probing found neither kind; with a type, the daemon's not-found error propagates. */
    private JsonNode find(String name, String kind) throws Exception {
        if (kind != null) return get(kind, name);
        try {
            return get("container", name);
        } catch (NotFoundException e) {
            try {
                return get("image", name);
            } catch (NotFoundException e2) {
                return null;
            }
        }
    }

    private JsonNode get(String kind, String name) throws java.io.IOException, EngineException {
        String path = kind.equals("container") ? "/containers/" + name + "/json" + (size() ? "?size=1" : "")
                : "/images/" + name + "/json";
        return client().call("GET", path, null).json();
    }
}
