package berth.cli.image;

import berth.api.Json;
import berth.cli.CliError;
import berth.cli.Terminal;
import berth.cli.Verb;
import berth.client.EngineClient;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth load}: the images of a docker-archive or OCI archive (plain or compressed), from a file or stdin. */
@Command(name = "load", description = "Read images from a tar archive written by save (Berth, Docker, skopeo)")
public final class LoadCommand extends Verb {
    @Option(names = {"-i", "--input"}, paramLabel = "string", description = "Archive to read (standard input unless given)") String input;
    @Option(names = {"-q", "--quiet"}, description = "Print only the names of the loaded images") boolean quiet;
    @Option(names = "--platform", paramLabel = "stringArray", description = "Load only the image for this platform") String platform;

    @Override
    protected int run() throws Exception {
        if (input == null && Terminal.isTerminal(0)) {
            throw new CliError("requested load from stdin, but stdin is empty");
        }
        if (input != null && !Files.isReadable(Path.of(input))) throw new CliError("open " + input + ": no such file or directory");
        // progress bars need a terminal; without one the daemon sends only the result lines
        boolean q = quiet || !Terminal.isTerminal(1);
        String query = EngineClient.query(EngineClient.params("quiet", q ? "1" : "0", "platform", platform));
        try (InputStream in = input == null ? System.in : Files.newInputStream(Path.of(input));
             Response r = client().send("POST", "/images/load" + query,
                     Map.of("Content-Type", "application/x-tar"), in).check();
             MappingIterator<JsonNode> it = Json.mapper().readerFor(JsonNode.class).readValues(r.body())) {
            while (it.hasNextValue()) {
                JsonNode m = it.nextValue();
                if (m.hasNonNull("error")) throw new berth.cli.ProgressPrinter.StreamError(m.get("error").asText());
                if (m.hasNonNull("stream")) out.print(m.get("stream").asText());
                else if (!q && m.hasNonNull("status")) out.println(m.get("status").asText() + " " + m.path("id").asText(""));
            }
        }
        return 0;
    }
}
