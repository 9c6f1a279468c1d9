package berth.cli.container;

import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth inspect}: containers first, then images, as the docker CLI probes them. */
@Command(name = "inspect", description = "Return low-level information on Docker objects")
public final class InspectCommand extends Verb {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;
    @Option(names = "--type", description = "Only inspect objects of the given type (container, image)") String type;
    @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> names;

    @Override
    protected int run() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        int rc = 0;
        for (String name : names) {
            JsonNode item = find(name);
            if (item == null) {
                err.println("Error: No such object: " + name);
                rc = 1;
                continue;
            }
            found.add(item);
        }
        print(found, format);
        return rc;
    }

    void print(List<JsonNode> found, String fmt) throws Exception {
        if (fmt == null || fmt.isEmpty() || fmt.equals("json")) {
            if (!found.isEmpty() || fmt == null) printJsonArray(found);
            return;
        }
        Template t = Template.parse(fmt);
        for (JsonNode n : found) out.println(t.render(n));
    }

    private JsonNode find(String name) throws Exception {
        if (type == null || type.equals("container")) {
            try {
                return client().call("GET", "/containers/" + name + "/json", null).json();
            } catch (NotFoundException e) {
                if (type != null) return null;
            }
        }
        if (type == null || type.equals("image")) {
            try {
                return client().call("GET", "/images/" + name + "/json", null).json();
            } catch (NotFoundException e) {
                return null;
            }
        }
        return null;
    }
}
