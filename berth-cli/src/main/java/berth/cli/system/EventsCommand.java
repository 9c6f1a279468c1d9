package berth.cli.system;

import berth.api.Json;
import berth.cli.Verb;
import berth.cli.container.TimeArg;
import berth.cli.format.Template;
import berth.client.EngineClient;
import berth.client.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "events", description = "Stream berthd's events as they happen")
public final class EventsCommand extends Verb {
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", converter = berth.cli.FilterConverter.class, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();
    @Option(names = "--since", description = "Show all events created since timestamp") String since;
    @Option(names = "--until", description = "Stream events until this timestamp") String until;
    @Option(names = "--format", description = FORMAT_PLAIN) String format;

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("filters", filters(filters), "since", TimeArg.unix(since),
                "until", TimeArg.unix(until)));
        Template t = format == null ? null : template(format.equals("json") ? "{{json .}}" : format, "Error parsing format: ", 64);
        try (Response r = client().send("GET", "/events" + q, Map.of(), null).check();
             MappingIterator<JsonNode> it = Json.mapper().readerFor(JsonNode.class).readValues(r.body())) {
            while (it.hasNextValue()) {
                JsonNode e = it.nextValue();
                out.println(t != null ? t.render(e) : line(e));
                out.flush();
            }
        }
        return 0;
    }

    /** docker's default: "<time> <type> <action> <id> (k=v, ...)" with attributes sorted. */
    static String line(JsonNode e) {
        long nanos = e.path("timeNano").asLong();
        Instant time = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        Map<String, String> attrs = new TreeMap<>();
        e.path("Actor").path("Attributes").properties().forEach(a -> attrs.put(a.getKey(), a.getValue().asText()));
        List<String> parts = new ArrayList<>();
        attrs.forEach((k, v) -> parts.add(k + "=" + v));
        return time + " " + e.path("Type").asText() + " " + e.path("Action").asText() + " " + e.path("Actor").path("ID").asText()
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }
}
