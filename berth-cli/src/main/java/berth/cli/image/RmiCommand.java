package berth.cli.image;

import berth.api.errors.EngineException;
import berth.cli.Verb;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rmi", description = "Remove images or their tags")
public class RmiCommand extends Verb {
    @Option(names = {"-f", "--force"}, description = "Force removal of the image") boolean force;
    @Option(names = "--no-prune", description = "Do not delete untagged parents") boolean noPrune;
    @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

    @Override
    protected int run() throws Exception {
        List<String> errors = new java.util.ArrayList<>();
        boolean fatal = false;
        String q = EngineClient.query(EngineClient.params("force", force ? 1 : null, "noprune", noPrune ? 1 : null));
        for (String image : images) {
            try {
                for (JsonNode item : client().call("DELETE", "/images/" + image + q, null).json()) {
                    if (item.hasNonNull("Untagged")) out.println("Untagged: " + item.get("Untagged").asText());
                    if (item.hasNonNull("Deleted")) out.println("Deleted: " + item.get("Deleted").asText());
                }
            } catch (EngineException e) {
                fatal |= !(e instanceof berth.api.errors.NotFoundException);
                errors.add("Error response from daemon: " + e.getMessage());
            }
        }
        out.flush();
        errors.forEach(err::println);
        // docker rmi -f shrugs at images that are already gone
        return errors.isEmpty() || (force && !fatal) ? 0 : 1;
    }
}
