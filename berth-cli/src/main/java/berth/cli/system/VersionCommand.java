package berth.cli.system;

import berth.api.ApiVersion;
import berth.api.Json;
import berth.cli.Verb;
import berth.cli.format.TabWriter;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth version}: the client's version, then the server's components as berthd reports them. */
@Command(name = "version", description = "Show the versions of berth, berthd and the programs berthd runs containers with")
public final class VersionCommand extends Verb {
    static final String VERSION = "0.1.0";
    /** Go's time.ANSIC, which the docker CLI shows the server's build time in. */
    private static final DateTimeFormatter ANSIC = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    @Option(names = {"-f", "--format"}, description = FORMAT_PLAIN)
    String format;

    @Override
    protected int run() throws Exception {
        Template parsed = null;
        if (format != null) {
            try {
                parsed = Template.parse("version", format.equals("json") ? "{{json .}}" : format);
            } catch (Template.ParseError e) {
                throw new berth.cli.CliError("template parsing error: " + e.getMessage(), 64);
            }
        }
        String api = client().apiVersion();
        ObjectNode client = Json.mapper().createObjectNode();
        client.put("Version", VERSION).put("ApiVersion", api).put("DefaultAPIVersion", ApiVersion.CURRENT.toString())
                .put("JavaVersion", System.getProperty("java.version")).put("Os", "linux").put("Arch", arch())
                .put("Context", "default");
        JsonNode server = client().call("GET", "/version", null).json();
        if (format != null) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.set("Client", client);
            root.set("Server", server);
            out.println(parsed.render(root));
            return 0;
        }
        TabWriter w = new TabWriter(20, 1);
        w.line("Client:");
        w.line(" Version:\t" + VERSION);
        String downgraded = api.equals(ApiVersion.CURRENT.toString()) ? "" : " (downgraded from " + ApiVersion.CURRENT + ")";
        w.line(" API version:\t" + api + downgraded);
        w.line(" Java version:\t" + client.path("JavaVersion").asText());
        w.line(" OS/Arch:\tlinux/" + arch());
        w.line(" Context:\tdefault");
        w.line("");
        String platform = server.path("Platform").path("Name").asText("");
        w.line("Server:" + (platform.isEmpty() ? "" : " " + platform));
        for (JsonNode c : server.path("Components")) component(w, c);
        out.print(w.render());
        return 0;
    }

    private static void component(TabWriter w, JsonNode c) {
        JsonNode d = c.path("Details");
        w.line(" " + c.path("Name").asText() + ":");
        if (c.path("Name").asText().equals("Engine")) {
            w.line("  Version:\t" + c.path("Version").asText());
            w.line("  API version:\t" + d.path("ApiVersion").asText() + " (minimum version " + d.path("MinAPIVersion").asText() + ")");
            // Berth's engine runs on Java; Docker's reports Go, a commit and a build time
            if (d.has("JavaVersion")) w.line("  Java version:\t" + d.path("JavaVersion").asText());
            if (d.has("GoVersion")) w.line("  Go version:\t" + d.path("GoVersion").asText());
            if (d.has("GitCommit")) w.line("  Git commit:\t" + d.path("GitCommit").asText());
            if (d.has("BuildTime")) w.line("  Built:\t" + ansic(d.path("BuildTime").asText()));
            w.line("  OS/Arch:\t" + d.path("Os").asText() + "/" + d.path("Arch").asText());
            w.line("  Experimental:\t" + d.path("Experimental").asText());
            return;
        }
        w.line("  Version:\t" + c.path("Version").asText());
        Map<String, String> sorted = new TreeMap<>();
        d.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        sorted.forEach((k, v) -> w.line("  " + k + ":\t" + v));
    }

    static String ansic(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).format(ANSIC);
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }
}
