package berth.cli.system;

import berth.cli.format.Humanize;
import berth.client.EngineClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The prune calls the prune verbs share, and their report in the docker CLI's words. A dry run ({@code dryrun=1},
 * Berth's own) prints what would go under "Would delete" headings and the space that would come back.
 */
public final class Prunes {
    private final EngineClient client;
    private final PrintStream out;
    private final boolean dryRun;
    private long reclaimed;

    public Prunes(EngineClient client, PrintStream out, boolean dryRun) {
        this.client = client;
        this.out = out;
        this.dryRun = dryRun;
    }

    /** Asks before a real prune; false when the user did not say yes. */
    public static boolean confirm(PrintStream out, String warning) throws IOException {
        out.print(warning + "\nAre you sure you want to continue? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    public void containers(String filters) throws IOException {
        JsonNode r = call("/containers/prune", filters);
        list("Containers", r.path("ContainersDeleted"), null);
        reclaimed += r.path("SpaceReclaimed").asLong();
    }

    /** {@code all}: named volumes too, not only anonymous ones. */
    public void volumes(String filters) throws IOException {
        JsonNode r = call("/volumes/prune", filters);
        list("Volumes", r.path("VolumesDeleted"), null);
        reclaimed += r.path("SpaceReclaimed").asLong();
    }

    public void networks(String filters) throws IOException {
        list("Networks", call("/networks/prune", filters).path("NetworksDeleted"), null);
    }

    public void images(String filters) throws IOException {
        JsonNode r = call("/images/prune", filters);
        list("Images", r.path("ImagesDeleted"), item -> item.has("Untagged")
                ? "untagged: " + item.path("Untagged").asText() : "deleted: " + item.path("Deleted").asText());
        reclaimed += r.path("SpaceReclaimed").asLong();
    }

    public void buildCache(boolean all, String filters) throws IOException {
        String q = EngineClient.query(EngineClient.params("all", all ? "1" : null, "filters", filters,
                "dryrun", dryRun ? "1" : null));
        JsonNode r = client.call("POST", "/build/prune" + q, null).json();
        list("build cache objects", r.path("CachesDeleted"), null);
        reclaimed += r.path("SpaceReclaimed").asLong();
    }

    public void total() {
        out.println((dryRun ? "Total reclaimable space: " : "Total reclaimed space: ") + Humanize.size4(reclaimed));
    }

    private JsonNode call(String path, String filters) throws IOException {
        String q = EngineClient.query(EngineClient.params("filters", filters, "dryrun", dryRun ? "1" : null));
        return client.call("POST", path + q, null).json();
    }

    private void list(String what, JsonNode items, java.util.function.Function<JsonNode, String> line) {
        if (!items.isArray() || items.isEmpty()) return;
        out.println((dryRun ? "Would delete " : "Deleted ") + what + ":");
        for (JsonNode i : items) out.println(line == null ? i.asText() : line.apply(i));
        out.println();
    }
}
