package berth.cli.container;

import berth.cli.Verb;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = "Show a container's published ports, or where one of its ports is published")
public final class PortCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;
    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]") String port;

    @Override
    protected int run() throws Exception {
        JsonNode ports = client().call("GET", "/containers/" + container + "/json", null).json()
                .path("NetworkSettings").path("Ports");
        if (port != null) {
            String key = port.contains("/") ? port : port + "/tcp";
            JsonNode bindings = ports.path(key);
            if (!bindings.isArray() || bindings.isEmpty()) {
                err.println("Error: No public port '" + port + "' published for " + container);
                return 1;
            }
            for (JsonNode b : bindings) out.println(address(b));
            return 0;
        }
        List<String> lines = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) continue;
            for (JsonNode b : e.getValue()) lines.add(e.getKey() + " -> " + address(b));
        }
        lines.forEach(out::println);
        return 0;
    }

    private static String address(JsonNode binding) {
        String ip = binding.path("HostIp").asText("");
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return host + ":" + binding.path("HostPort").asText("");
    }
}
