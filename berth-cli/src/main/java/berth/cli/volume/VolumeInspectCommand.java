package berth.cli.volume;

import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume inspect}: volumes in full, as JSON or through a template. */
@Command(name = "inspect", description = "Show volumes in full, as JSON")
public final class VolumeInspectCommand extends Verb {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = FORMAT_PLAIN) String format;
    @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> volumes;

    @Override
    protected int run() throws Exception {
        boolean raw = format == null || format.isEmpty() || format.equals("json");
        Template template = raw ? null : template(format, "template parsing error: ", 64);
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String v : volumes) {
            try {
                found.add(client().call("GET", "/volumes/" + v, null).json());
            } catch (NotFoundException e) {
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        if (template == null) {
            printJsonArray(found);
        } else {
            StringBuilder sb = new StringBuilder();
            for (JsonNode n : found) sb.append(template.render(n)).append('\n');
            out.print(sb.isEmpty() ? "\n" : sb);
        }
        out.flush();
        errors.forEach(err::println);
        return errors.isEmpty() ? 0 : 1;
    }
}
