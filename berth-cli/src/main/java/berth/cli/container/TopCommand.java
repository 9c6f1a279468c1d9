package berth.cli.container;

import berth.cli.Verb;
import berth.cli.format.TabWriter;
import berth.client.EngineClient;
import berth.client.JsonPath;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "top", description = "List the processes of a running container (ps options may follow)")
public final class TopCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ps OPTIONS") List<String> psArgs = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        String q = EngineClient.query(EngineClient.params("ps_args", psArgs.isEmpty() ? null : String.join(" ", psArgs)));
        Object top = client().call("GET", "/containers/" + container + "/top" + q, null).value();
        out.print(render(top));
        return 0;
    }

    /** Titles then one line per process, in docker's tabwriter layout for top (cells at least 20 wide, 3 apart). */
    static String render(Object top) {
        TabWriter table = new TabWriter(20, 3);
        table.line(join(JsonPath.get(top, "Titles")));
        for (Object process : JsonPath.items(JsonPath.get(top, "Processes"))) table.line(join(process));
        return table.render();
    }

    private static String join(Object cells) {
        List<String> parts = new ArrayList<>();
        for (Object c : JsonPath.items(cells)) parts.add(JsonPath.text(c, ""));
        return String.join("\t", parts);
    }
}
