package berth.cli.system;

import berth.api.Json;
import berth.cli.CliError;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth system df}: one line per object type (total, in use, size on disk, what removing the unused would give
 * back), or with {@code -v} every image and container, in the docker CLI's columns and arithmetic.
 */
@Command(name = "df", description = "Show disk usage by images, containers, volumes and the build cache")
public final class DfCommand extends Verb {
    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("Type", "TYPE"),
            Map.entry("TotalCount", "TOTAL"), Map.entry("Active", "ACTIVE"), Map.entry("Size", "SIZE"),
            Map.entry("Reclaimable", "RECLAIMABLE"), Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"),
            Map.entry("ID", "IMAGE ID"), Map.entry("CreatedSince", "CREATED"), Map.entry("SharedSize", "SHARED SIZE"),
            Map.entry("UniqueSize", "UNIQUE SIZE"), Map.entry("Containers", "CONTAINERS"),
            Map.entry("ContainerID", "CONTAINER ID"), Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"),
            Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Status", "STATUS"), Map.entry("Names", "NAMES"),
            Map.entry("Name", "VOLUME NAME"), Map.entry("Links", "LINKS"));

    @Option(names = {"-v", "--verbose"}, description = "Show every image and container") boolean verbose;
    @Option(names = "--format", description = FORMAT_TABLE) String format;

    @Override
    protected int run() throws Exception {
        JsonNode df = client().call("GET", "/system/df", null).json();
        if (verbose) {
            verbose(df);
            return 0;
        }
        String fmt = format == null || format.isEmpty() || format.equals("table")
                ? "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}" : format;
        render(fmt, List.of(imagesLine(df), containersLine(df), volumesLine(df), line("Build Cache")));
        return 0;
    }

    private static ObjectNode imagesLine(JsonNode df) {
        long total = df.path("LayersSize").asLong();
        long used = 0;
        int active = 0;
        for (JsonNode i : df.path("Images")) {
            if (i.path("Containers").asLong() == 0) continue;
            active++;
            if (i.path("Size").asLong() >= 0 && i.path("SharedSize").asLong() >= 0) {
                used += i.path("Size").asLong() - i.path("SharedSize").asLong();
            }
        }
        return summary("Images", df.path("Images").size(), active, total, total - used);
    }

    private static ObjectNode containersLine(JsonNode df) {
        long total = 0;
        long reclaimable = 0;
        int active = 0;
        for (JsonNode c : df.path("Containers")) {
            long rw = c.path("SizeRw").asLong();
            total += rw;
            if (isActive(c)) active++;
            else reclaimable += rw;
        }
        return summary("Containers", df.path("Containers").size(), active, total, reclaimable);
    }

    /** The docker CLI's volumes line: active is used by a container, reclaimable what no container uses. */
    private static ObjectNode volumesLine(JsonNode df) {
        long total = 0;
        long reclaimable = 0;
        int active = 0;
        for (JsonNode v : df.path("Volumes")) {
            long size = Math.max(0, v.path("UsageData").path("Size").asLong());
            total += size;
            if (v.path("UsageData").path("RefCount").asLong() > 0) active++;
            else reclaimable += size;
        }
        return summary("Local Volumes", df.path("Volumes").size(), active, total, reclaimable);
    }

    private static boolean isActive(JsonNode c) {
        String state = c.path("State").asText();
        return state.equals("running") || state.equals("paused") || state.equals("restarting");
    }

    private static ObjectNode summary(String type, int count, int active, long size, long reclaimable) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("Type", type);
        n.put("TotalCount", String.valueOf(count));
        n.put("Active", String.valueOf(active));
        n.put("Size", Humanize.size4(size));
        n.put("Reclaimable", size > 0 ? Humanize.size4(reclaimable) + " (" + reclaimable * 100 / size + "%)"
                : Humanize.size4(reclaimable));
        return n;
    }

    private static ObjectNode line(String type) {
        return summary(type, 0, 0, 0, 0);
    }

    private void verbose(JsonNode df) throws CliError {
        out.println("Images space usage:");
        out.println();
        List<ObjectNode> images = new ArrayList<>();
        for (JsonNode i : df.path("Images")) {
            // one line per image, named by its first tag (the docker CLI does the same)
            JsonNode first = i.path("RepoTags").path(0);
            images.add(imageRow(i, first.isMissingNode() ? "<none>:<none>" : first.asText()));
        }
        render("table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}"
                + "\t{{.Containers}}", images);
        out.println();
        out.println("Containers space usage:");
        out.println();
        List<ObjectNode> containers = new ArrayList<>();
        for (JsonNode c : df.path("Containers")) containers.add(containerRow(c));
        render("table {{.ContainerID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.CreatedSince}}"
                + "\t{{.Status}}\t{{.Names}}", containers);
        out.println();
        out.println("Local Volumes space usage:");
        out.println();
        List<ObjectNode> volumes = new ArrayList<>();
        for (JsonNode v : df.path("Volumes")) {
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("Name", v.path("Name").asText());
            n.put("Links", String.valueOf(v.path("UsageData").path("RefCount").asLong()));
            n.put("Size", Humanize.size(v.path("UsageData").path("Size").asLong()));
            volumes.add(n);
        }
        render("table {{.Name}}\t{{.Links}}\t{{.Size}}", volumes);
        out.println();
        out.println("Build cache usage: 0B");
        out.println();
        out.println("CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED");
    }

    private static ObjectNode imageRow(JsonNode i, String tag) {
        ObjectNode n = Json.mapper().createObjectNode();
        int colon = tag.lastIndexOf(':');
        n.put("Repository", tag.substring(0, colon));
        n.put("Tag", tag.substring(colon + 1));
        String id = i.path("Id").asText();
        n.put("ID", id.substring(id.indexOf(':') + 1, Math.min(id.length(), id.indexOf(':') + 13)));
        n.put("CreatedSince", Humanize.since(i.path("Created").asLong()));
        long size = i.path("Size").asLong();
        long shared = i.path("SharedSize").asLong();
        n.put("Size", Humanize.size(size));
        n.put("SharedSize", Humanize.size4(shared));
        n.put("UniqueSize", Humanize.size4(size - shared));
        n.put("Containers", String.valueOf(i.path("Containers").asLong()));
        return n;
    }

    private static ObjectNode containerRow(JsonNode c) {
        ObjectNode n = Json.mapper().createObjectNode();
        String id = c.path("Id").asText();
        n.put("ContainerID", id.substring(0, Math.min(12, id.length())));
        n.put("Image", c.path("Image").asText());
        n.put("Command", "\"" + Humanize.ellipsis(c.path("Command").asText(), 20) + "\"");
        long volumes = 0;
        for (JsonNode m : c.path("Mounts")) if ("volume".equals(m.path("Type").asText())) volumes++;
        n.put("LocalVolumes", String.valueOf(volumes));
        n.put("Size", Humanize.size(c.path("SizeRw").asLong()));
        n.put("CreatedSince", Humanize.since(c.path("Created").asLong()));
        n.put("Status", c.path("Status").asText());
        List<String> names = new ArrayList<>();
        c.path("Names").forEach(x -> names.add(x.asText().replaceFirst("^/", "")));
        n.put("Names", String.join(",", names));
        return n;
    }

    private void render(String fmt, List<ObjectNode> rows) throws CliError {
        try {
            out.print(Formatter.render(fmt, rows, HEADERS));
        } catch (Template.ParseError e) {
            throw new CliError("template parsing error: " + e.getMessage());
        }
    }
}
