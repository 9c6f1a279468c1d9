package berth.cli.container;

import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.JsonPath;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Make an image from a container's changes", sortOptions = false)
public final class CommitCommand extends Verb {
    @Option(names = {"-a", "--author"}, paramLabel = "string", description = "Author recorded in the image") String author;
    @Option(names = {"-c", "--change"}, paramLabel = "list", description = "Dockerfile instruction to apply to the image's config")
    List<String> changes = new ArrayList<>();
    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Comment recorded in the image") String message;
    @Option(names = {"-p", "--pause"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Freeze the container while its filesystem is read (default true)") boolean pause;
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1", arity = "0..1", paramLabel = "[REPOSITORY[:TAG]]") String reference;

    /** The query of POST /commit, in the docker CLI's order. */
    String query() {
        String repo = null;
        String tag = null;
        if (reference != null && !reference.isEmpty()) {
            int colon = reference.lastIndexOf(':');
            boolean tagged = colon > reference.lastIndexOf('/') && !reference.contains("@");
            repo = tagged ? reference.substring(0, colon) : reference;
            tag = tagged ? reference.substring(colon + 1) : null;
        }
        return EngineClient.query(EngineClient.params("author", author, "changes", changes.isEmpty() ? null : changes,
                "comment", message, "container", container, "pause", pause ? null : "0", "repo", repo, "tag", tag));
    }

    @Override
    protected int run() throws Exception {
        Object created = client().call("POST", "/commit" + query(), java.util.Map.of()).value();
        out.println(JsonPath.text(JsonPath.get(created, "Id")));
        return 0;
    }
}
