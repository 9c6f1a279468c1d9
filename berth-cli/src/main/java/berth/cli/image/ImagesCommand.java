package berth.cli.image;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "images", description = "Show the images berthd holds")
public class ImagesCommand extends Verb {
    static final Map<String, String> HEADERS = Map.of("ID", "IMAGE ID", "Repository", "REPOSITORY", "Tag", "TAG",
            "Digest", "DIGEST", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE",
            "Containers", "CONTAINERS");
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)") boolean all;
    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs") boolean quiet;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();
    @Option(names = "--format", description = FORMAT_TABLE) String format;
    @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;
    @Option(names = "--digests", description = "Show digests") boolean digests;
    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String reference;

    @Override
    protected int run() throws Exception {
        List<String> f = new ArrayList<>(filters);
        if (reference != null) f.add("reference=" + reference);
        String q = EngineClient.query(EngineClient.params("all", all ? 1 : null, "filters", filters(f)));
        JsonNode list = client().call("GET", "/images/json" + q, null).json();
        List<ObjectNode> rows = new ArrayList<>();
        java.util.Set<String> seenIds = new java.util.HashSet<>();
        for (JsonNode image : list) {
            List<String> tags = new ArrayList<>();
            image.path("RepoTags").forEach(t -> tags.add(t.asText()));
            if (tags.isEmpty()) tags.add("<none>:<none>");
            for (String t : tags) {
                ObjectNode row = row(image, t);
                if (quiet && !seenIds.add(row.path("ID").asText())) continue;
                rows.add(row);
            }
        }
        String fmt = quiet ? "{{.ID}}" : format == null || format.isEmpty() || format.equals("table")
                ? "table {{.Repository}}\t{{.Tag}}\t" + (digests ? "{{.Digest}}\t" : "") + "{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
                : format;
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (berth.cli.format.Template.ParseError e) {
            throw new berth.cli.CliError("template parsing error: " + e.getMessage());
        }
        return 0;
    }

    private ObjectNode row(JsonNode image, String repoTag) {
        ObjectNode n = Json.mapper().createObjectNode();
        String id = image.path("Id").asText();
        n.put("ID", noTrunc ? id : id.replaceFirst("^sha256:", "").substring(0, 12));
        int colon = repoTag.lastIndexOf(':');
        String repo = repoTag.substring(0, colon);
        n.put("Repository", repo);
        n.put("Tag", repoTag.substring(colon + 1));
        String digest = "<none>";
        // the docker CLI fills the digest column only when asked for it
        for (JsonNode d : digests ? image.path("RepoDigests") : com.fasterxml.jackson.databind.node.MissingNode.getInstance()) {
            String s = d.asText();
            if (s.startsWith(repo + "@")) digest = s.substring(s.indexOf('@') + 1);
        }
        n.put("Digest", digest);
        long created = image.path("Created").asLong();
        n.put("CreatedSince", Humanize.since(created));
        n.put("CreatedAt", CREATED_AT.format(Instant.ofEpochSecond(created).atZone(ZoneId.systemDefault())));
        n.put("Size", Humanize.size(image.path("Size").asLong()));
        n.put("Containers", image.path("Containers").asLong() < 0 ? "N/A" : image.path("Containers").asText());
        n.put("SharedSize", image.path("SharedSize").asLong(-1) < 0 ? "N/A" : Humanize.size(image.path("SharedSize").asLong()));
        n.put("UniqueSize", image.path("SharedSize").asLong(-1) < 0 ? "N/A"
                : Humanize.size(image.path("Size").asLong() - image.path("SharedSize").asLong()));
        n.put("VirtualSize", Humanize.size4(image.path("Size").asLong()));
        return n;
    }
}
