package berth.cli.system;

import berth.cli.Verb;
import berth.cli.format.Humanize;
import berth.cli.format.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth info}: the docker CLI's layout and order (cli/command/system/info.go), lines it would omit omitted. */
@Command(name = "info", description = "Show what berthd runs on and what it holds")
public final class InfoCommand extends Verb {
    @Option(names = {"-f", "--format"}, description = FORMAT_PLAIN) String format;

    @Override
    protected int run() throws Exception {
        JsonNode i = client().call("GET", "/info", null).json();
        if (format != null) {
            ObjectNode root = i.deepCopy();
            root.putObject("ClientInfo").put("Debug", false).put("Context", "default").put("Version", VersionCommand.VERSION);
            out.println(template(format.equals("json") ? "{{json .}}" : format, "template parsing error: ", 64).render(root));
            return 0;
        }
        out.println("Client:");
        out.println(" Version:    " + VersionCommand.VERSION);
        out.println(" Context:    default");
        out.println(" Debug Mode: false");
        out.println();
        server(i, out);
        for (JsonNode w : i.path("Warnings")) err.println(w.asText());
        return 0;
    }

    private static void server(JsonNode i, PrintStream out) {
        out.println("Server:");
        out.println(" Containers: " + i.path("Containers").asLong());
        out.println("  Running: " + i.path("ContainersRunning").asLong());
        out.println("  Paused: " + i.path("ContainersPaused").asLong());
        out.println("  Stopped: " + i.path("ContainersStopped").asLong());
        out.println(" Images: " + i.path("Images").asLong());
        line(out, " Server Version: ", i.path("ServerVersion"));
        line(out, " Storage Driver: ", i.path("Driver"));
        for (JsonNode pair : i.path("DriverStatus")) out.println("  " + pair.path(0).asText() + ": " + pair.path(1).asText());
        line(out, " Logging Driver: ", i.path("LoggingDriver"));
        line(out, " Cgroup Driver: ", i.path("CgroupDriver"));
        line(out, " Cgroup Version: ", i.path("CgroupVersion"));
        out.println(" Plugins:");
        for (String kind : List.of("Volume", "Network", "Authorization", "Log")) {
            List<String> names = new ArrayList<>();
            i.path("Plugins").path(kind).forEach(n -> names.add(n.asText()));
            if (!names.isEmpty()) out.println("  " + kind + ": " + String.join(" ", names));
        }
        out.println(" Swarm: " + i.path("Swarm").path("LocalNodeState").asText("inactive"));
        List<String> runtimes = new ArrayList<>();
        i.path("Runtimes").fieldNames().forEachRemaining(runtimes::add);
        if (!runtimes.isEmpty()) out.println(" Runtimes: " + String.join(" ", runtimes.stream().sorted().toList()));
        line(out, " Default Runtime: ", i.path("DefaultRuntime"));
        line(out, " Init Binary: ", i.path("InitBinary"));
        for (String[] c : new String[][] {{"containerd", "ContainerdCommit"}, {"runc", "RuncCommit"}, {"init", "InitCommit"}}) {
            if (i.has(c[1])) out.println(" " + c[0] + " version: " + i.path(c[1]).path("ID").asText());
        }
        security(i, out);
        line(out, " Kernel Version: ", i.path("KernelVersion"));
        line(out, " Operating System: ", i.path("OperatingSystem"));
        line(out, " OSType: ", i.path("OSType"));
        line(out, " Architecture: ", i.path("Architecture"));
        out.println(" CPUs: " + i.path("NCPU").asLong());
        out.println(" Total Memory: " + Humanize.bytesSize(i.path("MemTotal").asLong()));
        line(out, " Name: ", i.path("Name"));
        line(out, " ID: ", i.path("ID"));
        line(out, " Docker Root Dir: ", i.path("DockerRootDir"));
        out.println(" Debug Mode: " + i.path("Debug").asBoolean());
        if (!i.path("Labels").isEmpty()) {
            out.println(" Labels:");
            i.path("Labels").forEach(l -> out.println("  " + l.asText()));
        }
        out.println(" Experimental: " + i.path("ExperimentalBuild").asBoolean());
        registries(i.path("RegistryConfig"), out);
        out.println(" Live Restore Enabled: " + i.path("LiveRestoreEnabled").asBoolean());
        out.println();
    }

    /** "name=seccomp,profile=default" becomes "  seccomp" and "   Profile: default". */
    private static void security(JsonNode i, PrintStream out) {
        if (i.path("SecurityOptions").isEmpty()) return;
        out.println(" Security Options:");
        for (JsonNode opt : i.path("SecurityOptions")) {
            for (String kv : opt.asText().split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length < 2) continue;
                if (p[0].equals("name")) out.println("  " + p[1]);
                else out.println("   " + Character.toUpperCase(p[0].charAt(0)) + p[0].substring(1) + ": " + p[1]);
            }
        }
    }

    private static void registries(JsonNode reg, PrintStream out) {
        if (reg.path("InsecureRegistryCIDRs").isEmpty() && reg.path("IndexConfigs").isEmpty()) return;
        out.println(" Insecure Registries:");
        for (JsonNode index : reg.path("IndexConfigs")) {
            if (!index.path("Secure").asBoolean()) out.println("  " + index.path("Name").asText());
        }
        for (JsonNode cidr : reg.path("InsecureRegistryCIDRs")) out.println("  " + cidr.asText());
        if (!reg.path("Mirrors").isEmpty()) {
            out.println(" Registry Mirrors:");
            reg.path("Mirrors").forEach(m -> out.println("  " + m.asText()));
        }
    }

    private static void line(PrintStream out, String label, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) out.println(label + value.asText());
    }

}
