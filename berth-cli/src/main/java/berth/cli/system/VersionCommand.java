package berth.cli.system;

import berth.api.ApiVersion;
import berth.api.Json;
import berth.cli.FlagParser;
import berth.cli.Verb;
import berth.cli.format.TabWriter;
import berth.cli.format.Template;
import berth.client.JsonPath;
import berth.client.JsonReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
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
    private static final class Ansic {
        // made on first use: Berth's engine reports no build time, and the formatter costs start-up time
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    }

    @Option(names = {"-f", "--format"}, description = FORMAT_PLAIN)
    String format;

    /** {@code version [-f FORMAT]} parsed without picocli ({@link berth.cli.QuickPath}); null when declined. */
    public static VersionCommand quick(String[] args, int from) {
        VersionCommand v = new VersionCommand();
        return flags(v).parse(args, from, false) == null ? null : v;
    }

    static FlagParser flags(VersionCommand v) {
        return new FlagParser().value(f -> v.format = f, "-f", "--format");
    }

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
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("Version", VERSION);
        client.put("ApiVersion", api);
        client.put("DefaultAPIVersion", ApiVersion.CURRENT.toString());
        client.put("JavaVersion", System.getProperty("java.version"));
        client.put("Os", "linux");
        client.put("Arch", arch());
        client.put("Context", "default");
        String serverJson = client().call("GET", "/version", null).text();
        if (format != null) {
            out.println(Templated.render(parsed, client, serverJson));
            return 0;
        }
        Object server = JsonReader.parse(serverJson);
        TabWriter w = new TabWriter(20, 1);
        w.line("Client:");
        w.line(" Version:\t" + VERSION);
        String downgraded = api.equals(ApiVersion.CURRENT.toString()) ? "" : " (downgraded from " + ApiVersion.CURRENT + ")";
        w.line(" API version:\t" + api + downgraded);
        w.line(" Java version:\t" + client.get("JavaVersion"));
        w.line(" OS/Arch:\tlinux/" + arch());
        w.line(" Context:\tdefault");
        w.line("");
        String platform = JsonPath.text(JsonPath.get(server, "Platform", "Name"), "");
        w.line("Server:" + (platform.isEmpty() ? "" : " " + platform));
        for (Object c : JsonPath.items(JsonPath.get(server, "Components"))) component(w, c);
        out.print(w.render());
        return 0;
    }

    /** Templates work on Jackson trees: only a --format loads Jackson (this class, not VersionCommand, names it). */
    private static final class Templated {
        static String render(Template template, Map<String, Object> client, String serverJson) throws IOException {
            ObjectNode root = Json.mapper().createObjectNode();
            root.set("Client", Json.mapper().valueToTree(client));
            root.set("Server", Json.mapper().readTree(serverJson));
            return template.render(root);
        }
    }

    private static void component(TabWriter w, Object c) {
        Object d = JsonPath.get(c, "Details");
        String name = JsonPath.text(JsonPath.get(c, "Name"));
        w.line(" " + name + ":");
        if (name.equals("Engine")) {
            w.line("  Version:\t" + text(c, "Version"));
            w.line("  API version:\t" + text(d, "ApiVersion") + " (minimum version " + text(d, "MinAPIVersion") + ")");
            // Berth's engine runs on Java; Docker's reports Go, a commit and a build time
            Map<String, Object> details = JsonPath.object(d);
            if (details.containsKey("JavaVersion")) w.line("  Java version:\t" + text(d, "JavaVersion"));
            if (details.containsKey("GoVersion")) w.line("  Go version:\t" + text(d, "GoVersion"));
            if (details.containsKey("GitCommit")) w.line("  Git commit:\t" + text(d, "GitCommit"));
            if (details.containsKey("BuildTime")) w.line("  Built:\t" + ansic(text(d, "BuildTime")));
            w.line("  OS/Arch:\t" + text(d, "Os") + "/" + text(d, "Arch"));
            w.line("  Experimental:\t" + text(d, "Experimental"));
            return;
        }
        w.line("  Version:\t" + text(c, "Version"));
        Map<String, String> sorted = new TreeMap<>();
        JsonPath.object(d).forEach((k, v) -> sorted.put(k, JsonPath.text(v)));
        sorted.forEach((k, v) -> w.line("  " + k + ":\t" + v));
    }

    private static String text(Object node, String key) {
        return JsonPath.text(JsonPath.get(node, key));
    }

    static String ansic(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).format(Ansic.FORMAT);
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }
}
