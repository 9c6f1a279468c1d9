package berth.cli.system;

import berth.cli.CliError;
import berth.cli.Verb;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth dashboard}: the address of berthd's web dashboard with its access token (Berth's own verb). The token
 * comes from the daemon over the API socket, so only who may use the socket gets it.
 */
@Command(name = "dashboard", description = "Print the address that opens berthd's web dashboard, token included")
public final class DashboardCommand extends Verb {
    @Option(names = "--open", description = "Also open the address in the desktop's browser (xdg-open)") boolean open;

    @Override
    protected int run() throws Exception {
        JsonNode status = client().call("GET", "/berth/dashboard", null).json();
        if (!status.path("Enabled").asBoolean()) {
            throw new CliError("the dashboard is off: enable it in daemon.json (\"dashboard\": {\"enabled\": true}) "
                    + "and restart berthd", 1);
        }
        String url = status.path("URL").asText("");
        if (url.isEmpty()) {
            throw new CliError("the dashboard is not served: " + status.path("Error").asText("unknown reason"), 1);
        }
        out.println(url);
        if (open) openInBrowser(url);
        return 0;
    }

    private void openInBrowser(String url) {
        Path opener = findOnPath("xdg-open");
        if (opener == null) {
            err.println("xdg-open is not installed: open the address above in a browser");
            return;
        }
        try {
            // the browser keeps running after berth exits; its output is not ours to show
            new ProcessBuilder(opener.toString(), url).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            err.println("could not run xdg-open: " + e.getMessage());
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
