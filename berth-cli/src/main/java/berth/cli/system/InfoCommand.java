package berth.cli.system;

import berth.cli.Verb;
import berth.cli.format.Humanize;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand extends Verb {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;

    @Override
    protected int run() throws Exception {
        JsonNode i = client().call("GET", "/info", null).json();
        if (format != null) {
            out.println(Template.parse(format).render(i));
            return 0;
        }
        out.println("Server:");
        out.println(" Containers: " + i.path("Containers").asInt());
        out.println("  Running: " + i.path("ContainersRunning").asInt());
        out.println("  Paused: " + i.path("ContainersPaused").asInt());
        out.println("  Stopped: " + i.path("ContainersStopped").asInt());
        out.println(" Images: " + i.path("Images").asInt());
        out.println(" Server Version: " + i.path("ServerVersion").asText());
        out.println(" Storage Driver: " + i.path("Driver").asText());
        out.println(" Logging Driver: " + i.path("LoggingDriver").asText());
        out.println(" Cgroup Driver: " + i.path("CgroupDriver").asText());
        out.println(" Cgroup Version: " + i.path("CgroupVersion").asText());
        out.println(" Default Runtime: " + i.path("DefaultRuntime").asText());
        out.println(" Kernel Version: " + i.path("KernelVersion").asText());
        out.println(" Operating System: " + i.path("OperatingSystem").asText());
        out.println(" OSType: " + i.path("OSType").asText());
        out.println(" Architecture: " + i.path("Architecture").asText());
        out.println(" CPUs: " + i.path("NCPU").asInt());
        out.println(" Total Memory: " + Humanize.size(i.path("MemTotal").asLong()));
        out.println(" Name: " + i.path("Name").asText());
        out.println(" ID: " + i.path("ID").asText());
        out.println(" Docker Root Dir: " + i.path("DockerRootDir").asText());
        out.println(" Debug Mode: " + i.path("Debug").asBoolean());
        return 0;
    }
}
