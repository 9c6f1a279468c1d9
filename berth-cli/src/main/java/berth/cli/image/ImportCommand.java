package berth.cli.image;

import berth.api.Json;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Make an image from a tarball of a root file system")
public final class ImportCommand extends Verb {
    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image") List<String> changes = new ArrayList<>();
    @Option(names = {"-m", "--message"}, description = "Set commit message for imported image") String message;
    @Option(names = "--platform", description = "Set platform if server is multi-platform capable") String platform;
    @Parameters(index = "0", paramLabel = "file|URL|-") String source;
    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String repository;

    @Override
    protected int run() throws Exception {
        // a URL is fetched by the daemon; a file or stdin is streamed as the request body
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        String q = EngineClient.query(EngineClient.params("fromSrc", url ? source : "-", "message", message,
                "repo", repository, "changes", changes.isEmpty() ? null : changes, "platform", platform));
        if (!url && !source.equals("-") && !Files.isReadable(Path.of(source))) {
            err.println("open " + source + ": no such file or directory");
            return 1;
        }
        try (InputStream in = url ? null : source.equals("-") ? System.in : Files.newInputStream(Path.of(source));
             Response r = client().send("POST", "/images/create" + q, Map.of(), in).check();
             MappingIterator<JsonNode> it = Json.mapper().readerFor(JsonNode.class).readValues(r.body())) {
            while (it.hasNextValue()) {
                JsonNode m = it.nextValue();
                if (m.hasNonNull("error")) throw new berth.cli.ProgressPrinter.StreamError(m.get("error").asText());
                if (m.hasNonNull("status")) out.println(m.get("status").asText());
            }
        }
        return 0;
    }
}
