package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.NetworkCreateRequest;
import berth.engine.network.NetworkService;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The network group: create, list, inspect, remove, prune, connect and disconnect. */
public final class NetworkRoutes {
    private final NetworkService networks;

    public NetworkRoutes(NetworkService networks) {
        this.networks = networks;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/networks", this::list).query("filters"),
                Route.get("/networks/{id}", this::inspect).query("verbose", "scope"),
                Route.post("/networks/create", this::create),
                Route.delete("/networks/{id}", this::remove),
                Route.post("/networks/prune", this::prune).query("filters", "dryrun"),
                Route.post("/networks/{id}/connect", this::connect),
                Route.post("/networks/{id}/disconnect", this::disconnect));
    }

    void list(Request request, Response response) {
        response.json(200, networks.list(request.filters()));
    }

    void inspect(Request request, Response response) {
        String scope = request.query("scope");
        if (scope != null && !scope.isEmpty() && !scope.equals("local")) {
            throw new berth.api.errors.NotFoundException("network " + request.param("id") + " not found");
        }
        response.json(200, networks.inspect(request.param("id")));
    }

    void create(Request request, Response response) {
        NetworkCreateRequest body = request.json(NetworkCreateRequest.class);
        if (body == null) throw new InvalidArgumentException("network create needs a body");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", networks.create(body));
        out.put("Warning", "");
        response.json(201, out);
    }

    void remove(Request request, Response response) {
        networks.remove(request.param("id"));
        response.send(204);
    }

    void prune(Request request, Response response) {
        response.json(200, Map.of("NetworksDeleted", networks.prune(request.filters(), request.bool("dryrun"))));
    }

    @SuppressWarnings("unchecked") // a JSON object as Jackson maps it
    void connect(Request request, Response response) {
        JsonNode body = request.json(JsonNode.class);
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) throw new InvalidArgumentException("no container given to connect");
        JsonNode config = body.get("EndpointConfig");
        Map<String, Object> endpoint = config == null || config.isNull() ? null
                : berth.api.Json.mapper().convertValue(config, Map.class);
        networks.connect(request.param("id"), container, endpoint);
        response.send(200);
    }

    void disconnect(Request request, Response response) {
        JsonNode body = request.json(JsonNode.class);
        String container = body == null ? "" : body.path("Container").asText("");
        if (container.isEmpty()) throw new InvalidArgumentException("no container given to disconnect");
        networks.disconnect(request.param("id"), container, body.path("Force").asBoolean(false));
        response.send(200);
    }
}
