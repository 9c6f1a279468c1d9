package berth.cli.container;

import berth.cli.CliError;
import berth.cli.Verb;
import berth.cli.format.Formatter;
import berth.cli.format.Humanize;
import berth.client.EngineClient;
import berth.client.JsonPath;
import berth.client.JsonReader;
import berth.client.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: CPU, memory, network, block I/O and process counts of containers, as a table that is redrawn
 * every second, or printed once with --no-stream.
 */
@Command(name = "stats", description = "Show containers' resource usage (the running ones unless -a)", sortOptions = false)
public final class StatsCommand extends Verb {
    static final String DEFAULT = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    static final Map<String, String> HEADERS = Map.of("Container", "CONTAINER", "ID", "CONTAINER ID", "Name", "NAME",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O",
            "BlockIO", "BLOCK I/O", "PIDs", "PIDS");

    @Option(names = {"-a", "--all"}, description = "Include containers that are not running") boolean all;
    @Option(names = "--format", paramLabel = "string", description = FORMAT_TABLE) String format;
    @Option(names = "--no-stream", description = "Print one sample and exit instead of redrawing") boolean noStream;
    @Option(names = "--no-trunc", description = "Show full container IDs") boolean noTrunc;
    @Parameters(arity = "0..*", paramLabel = "CONTAINER") List<String> containers = new ArrayList<>();

    @Override
    protected int run() throws Exception {
        String fmt = format == null || format.isEmpty() || format.equals("table") ? DEFAULT : format;
        EngineClient client = client();
        List<String> names = containers;
        if (names.isEmpty()) names = listed(client);
        if (noStream) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String name : names) {
                try (Response r = client.call("GET", "/containers/" + name + "/stats?stream=0", null)) {
                    rows.add(row(containers.isEmpty() ? null : name, r.value(), noTrunc));
                }
            }
            print(fmt, rows);
            return 0;
        }
        Map<String, Map<String, Object>> latest = new ConcurrentHashMap<>();
        List<String> order = new ArrayList<>();
        boolean terminal = berth.cli.Terminal.isTerminal(1);
        if (terminal) out.print("\033[2J");
        while (true) {
            for (String name : names) {
                if (order.contains(name)) continue;
                // one stream per container; the table shows each one's latest sample
                Response r;
                try {
                    r = client.call("GET", "/containers/" + name + "/stats?stream=1", null);
                } catch (berth.api.errors.NotFoundException e) {
                    if (!containers.isEmpty()) throw e;
                    continue; // removed since it was listed
                }
                order.add(name);
                Thread.ofVirtual().start(() -> follow(r, containers.isEmpty() ? null : name, latest::put));
            }
            Thread.sleep(1000);
            if (containers.isEmpty()) {
                // without names the table follows the containers that start and stop meanwhile
                names = listed(client);
                order.retainAll(names);
                latest.keySet().retainAll(names);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String name : order) {
                Map<String, Object> row = latest.get(name);
                if (row != null) rows.add(row);
            }
            // redrawn in place: cursor home, each line cleared to its end, the rest of the screen cleared
            String table = Formatter.renderRows(fmt, rows, HEADERS);
            out.print(terminal ? "\033[H" + table.replace("\n", "\033[K\n") + "\033[J" : "\033[H" + table);
            out.flush();
        }
    }

    private List<String> listed(EngineClient client) throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        Object list = client.call("GET", "/containers/json" + (all ? "?all=1" : ""), null).value();
        for (Object c : JsonPath.items(list)) ids.add(JsonPath.text(JsonPath.get(c, "Id")));
        return ids;
    }

    private void follow(Response r, String given, java.util.function.BiConsumer<String, Map<String, Object>> sink) {
        try (r; InputStream body = r.body()) {
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                Object sample = JsonReader.parse(line);
                Map<String, Object> row = row(given, sample, noTrunc);
                sink.accept(given != null ? given : JsonPath.text(JsonPath.get(sample, "id")), row);
            }
        } catch (Exception e) {
            // the container went away: its last row stays until the redraw loop ends
        }
    }

    private void print(String fmt, List<Map<String, Object>> rows) {
        try {
            out.print(Formatter.renderRows(fmt, rows, HEADERS));
            out.flush();
        } catch (berth.cli.format.Template.ParseError e) {
            throw new CliError("template parsing error: " + e.getMessage());
        }
    }

    /** The docker CLI's stats fields for one sample of GET /containers/{id}/stats. */
    static Map<String, Object> row(String given, Object s, boolean noTrunc) {
        String id = JsonPath.text(JsonPath.get(s, "id"));
        String name = JsonPath.text(JsonPath.get(s, "name"));
        if (name.startsWith("/")) name = name.substring(1);
        Object cpu = JsonPath.get(s, "cpu_stats");
        Object pre = JsonPath.get(s, "precpu_stats");
        double cpuDelta = num(cpu, "cpu_usage", "total_usage") - num(pre, "cpu_usage", "total_usage");
        double systemDelta = num(cpu, "system_cpu_usage") - num(pre, "system_cpu_usage");
        double online = num(cpu, "online_cpus");
        if (online == 0) {
            int n = 0;
            for (Object ignored : JsonPath.items(JsonPath.get(cpu, "cpu_usage", "percpu_usage"))) n++;
            online = n;
        }
        double cpuPercent = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100 : 0;
        Object memory = JsonPath.get(s, "memory_stats");
        double used = num(memory, "usage");
        Object memStats = JsonPath.get(memory, "stats");
        // the page cache the kernel can drop is not counted, as docker does (cgroup v1 and v2 names)
        double inactive = JsonPath.get(memStats, "total_inactive_file") != JsonPath.MISSING
                ? num(memStats, "total_inactive_file") : num(memStats, "inactive_file");
        if (inactive < used) used -= inactive;
        double limit = num(memory, "limit");
        long rx = 0;
        long tx = 0;
        for (Object net : JsonPath.object(JsonPath.get(s, "networks")).values()) {
            rx += (long) num(net, "rx_bytes");
            tx += (long) num(net, "tx_bytes");
        }
        long read = 0;
        long write = 0;
        for (Object io : JsonPath.items(JsonPath.get(s, "blkio_stats", "io_service_bytes_recursive"))) {
            String op = JsonPath.text(JsonPath.get(io, "op")).toLowerCase(Locale.ROOT);
            if (op.equals("read")) read += (long) num(io, "value");
            if (op.equals("write")) write += (long) num(io, "value");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Container", given != null ? given : noTrunc || id.length() <= 12 ? id : id.substring(0, 12));
        row.put("ID", noTrunc || id.length() <= 12 ? id : id.substring(0, 12));
        row.put("Name", name);
        row.put("CPUPerc", String.format(Locale.ROOT, "%.2f%%", cpuPercent));
        row.put("MemUsage", Humanize.bytesSize((long) used) + " / " + Humanize.bytesSize((long) limit));
        row.put("MemPerc", String.format(Locale.ROOT, "%.2f%%", limit != 0 ? used / limit * 100 : 0));
        row.put("NetIO", Humanize.size(rx) + " / " + Humanize.size(tx));
        row.put("BlockIO", Humanize.size(read) + " / " + Humanize.size(write));
        row.put("PIDs", String.valueOf((long) num(JsonPath.get(s, "pids_stats"), "current")));
        return row;
    }

    private static double num(Object node, String... keys) {
        Object v = JsonPath.get(node, keys);
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
