package berth.cli.system;

import berth.api.ApiVersion;
import berth.cli.Verb;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "version", description = "Show the Berth version information")
public final class VersionCommand extends Verb {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;

    @Override
    protected int run() throws Exception {
        JsonNode server = client().call("GET", "/version", null).json();
        if (format != null) {
            var root = berth.api.Json.mapper().createObjectNode();
            root.set("Server", server);
            root.putObject("Client").put("Version", "0.1.0").put("ApiVersion", ApiVersion.CURRENT.toString());
            out.println(Template.parse(format).render(root));
            return 0;
        }
        out.println("Client:");
        out.printf(" %-18s%s%n", "Version:", "0.1.0");
        out.printf(" %-18s%s%n", "API version:", ApiVersion.CURRENT);
        out.printf(" %-18s%s%n", "Java version:", System.getProperty("java.version"));
        out.printf(" %-18s%s%n", "OS/Arch:", "linux/amd64");
        out.println();
        out.println("Server: " + server.path("Platform").path("Name").asText(""));
        for (JsonNode c : server.path("Components")) {
            out.println(" " + c.path("Name").asText() + ":");
            out.printf("  %-17s%s%n", "Version:", c.path("Version").asText());
            c.path("Details").properties().forEach(e -> out.printf("  %-17s%s%n", e.getKey() + ":", e.getValue().asText()));
        }
        return 0;
    }
}
