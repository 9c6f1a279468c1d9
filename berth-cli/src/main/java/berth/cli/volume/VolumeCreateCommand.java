package berth.cli.volume;

import berth.cli.CliError;
import berth.cli.Verb;
import berth.client.JsonPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume create}: makes a volume (a generated name without one) and prints its name. */
@Command(name = "create", description = "Create a volume", sortOptions = false)
public final class VolumeCreateCommand extends Verb {
    @Option(names = {"-d", "--driver"}, paramLabel = "string", defaultValue = "local", description = "Volume driver (local)") String driver = "local";
    @Option(names = "--label", paramLabel = "list", description = "Set metadata on the volume") List<String> labels = new ArrayList<>();
    @Option(names = {"-o", "--opt"}, paramLabel = "map", description = "Driver option: type=, device=, o= (mount options)") List<String> opts = new ArrayList<>();
    @Option(names = "--name", paramLabel = "string", description = "Name of the volume") String nameFlag;
    @Parameters(index = "0", arity = "0..1", paramLabel = "VOLUME") String name;

    @Override
    protected int run() throws Exception {
        if (name != null && nameFlag != null && !name.equals(nameFlag)) {
            throw new CliError("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("Driver", driver);
        b.put("DriverOpts", keyValues(opts));
        b.put("Labels", keyValues(labels));
        b.put("Name", name != null ? name : nameFlag == null ? "" : nameFlag);
        out.println(JsonPath.text(JsonPath.get(client().call("POST", "/volumes/create", b).value(), "Name")));
        return 0;
    }

    static Map<String, String> keyValues(List<String> items) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String i : items) {
            int eq = i.indexOf('=');
            m.put(eq < 0 ? i : i.substring(0, eq), eq < 0 ? "" : i.substring(eq + 1));
        }
        return m;
    }
}
