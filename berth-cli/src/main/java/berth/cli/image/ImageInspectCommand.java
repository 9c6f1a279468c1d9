package berth.cli.image;

import berth.api.errors.NotFoundException;
import berth.cli.Verb;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Display detailed information on one or more images")
public final class ImageInspectCommand extends Verb {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;
    @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

    @Override
    protected int run() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        int rc = 0;
        for (String name : images) {
            try {
                found.add(client().call("GET", "/images/" + name + "/json", null).json());
            } catch (NotFoundException e) {
                err.println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        if (format == null || format.isEmpty()) printJsonArray(found);
        else for (JsonNode n : found) out.println(Template.parse(format).render(n));
        return rc;
    }
}
