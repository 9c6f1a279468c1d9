package berth.cli.container;

import berth.cli.Verb;
import berth.client.JsonPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "List the files a container changed (C), added (A) or deleted (D) in its image")
public final class DiffCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Override
    protected int run() throws Exception {
        Object changes = client().call("GET", "/containers/" + container + "/changes", null).value();
        for (Object change : JsonPath.items(changes)) out.println(line(change));
        return 0;
    }

    /** One change as docker prints it: the kind's letter, a space, the path. */
    static String line(Object change) {
        long kind = JsonPath.longValue(JsonPath.get(change, "Kind"), 0);
        String letter = kind == 1 ? "A" : kind == 2 ? "D" : "C";
        return letter + " " + JsonPath.text(JsonPath.get(change, "Path"));
    }
}
