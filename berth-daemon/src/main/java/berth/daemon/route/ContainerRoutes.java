package berth.daemon.route;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerCreateRequest;
import berth.engine.container.ContainerService;
import berth.engine.container.CreatePolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import berth.engine.container.ContainerService.AttachOptions;
import berth.engine.container.ContainerService.ContainerListOptions;
import berth.engine.container.ContainerService.WaitCondition;
import java.io.IOException;
import java.util.List;

/** The container group: lifecycle, inspect, list. The streaming endpoints are in {@link ContainerStreams}. */
public final class ContainerRoutes {
    private final ContainerService containers;
    private final ContainerStreams streams;

    public ContainerRoutes(ContainerService containers) {
        this.containers = containers;
        this.streams = new ContainerStreams(containers);
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/containers/create", this::containerCreate).query("name").refuses("platform", ""),
                Route.get("/containers/json", this::containerList).query("all", "limit", "filters", "size"),
                Route.get("/containers/{id}/json", this::containerInspect).query("size"),
                Route.post("/containers/{id}/start", this::containerStart).refuses("detachKeys", null),
                Route.post("/containers/{id}/stop", this::containerStop).query("signal", "t"),
                Route.post("/containers/{id}/restart", this::containerRestart).query("signal", "t"),
                Route.post("/containers/{id}/kill", this::containerKill).query("signal"),
                Route.delete("/containers/{id}", this::containerDelete).query("v", "force").refuses("link", "false"),
                Route.post("/containers/{id}/wait", this::containerWait).query("condition"),
                Route.get("/containers/{id}/logs", this::containerLogs)
                        .query("follow", "stdout", "stderr", "since", "until", "timestamps", "tail"),
                Route.post("/containers/{id}/attach", this::containerAttach)
                        .query("stream", "stdin", "stdout", "stderr", "logs", "detachKeys"));
    }

    void containerCreate(Request request, Response response) {
        JsonNode raw = request.json(JsonNode.class);
        if (raw == null || raw.isNull()) {
            throw new InvalidArgumentException("config cannot be empty in order to create a container");
        }
        // refused fields are judged on what the client sent, before decoding loses absent from zero
        CreatePolicy.check(raw);
        ContainerCreateRequest body;
        try {
            body = Json.mapper().treeToValue(raw, ContainerCreateRequest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
        response.json(201, containers.create(request.query("name"), body));
    }

    void containerList(Request request, Response response) {
        Integer limit = request.integer("limit");
        response.json(200, containers.list(new ContainerListOptions(request.bool("all"), limit == null ? -1 : limit,
                request.bool("size"), request.filters())));
    }

    void containerInspect(Request request, Response response) {
        response.json(200, containers.inspect(request.param("id"), request.bool("size")));
    }

    void containerStart(Request request, Response response) {
        containers.start(request.param("id"));
        response.send(204);
    }

    void containerStop(Request request, Response response) {
        containers.stop(request.param("id"), request.integer("t"), emptyToNull(request.query("signal")));
        response.send(204);
    }

    void containerRestart(Request request, Response response) {
        containers.restart(request.param("id"), request.integer("t"), emptyToNull(request.query("signal")));
        response.send(204);
    }

    void containerKill(Request request, Response response) {
        containers.kill(request.param("id"), emptyToNull(request.query("signal")));
        response.send(204);
    }

    void containerDelete(Request request, Response response) {
        containers.remove(request.param("id"), request.bool("force"), request.bool("v"));
        response.send(204);
    }

    void containerWait(Request request, Response response) throws Exception {
        streams.containerWait(request.param("id"), WaitCondition.parse(request.query("condition")), response);
    }

    void containerLogs(Request request, Response response) throws IOException {
        streams.containerLogs(request, response);
    }

    void containerAttach(Request request, Response response) throws IOException {
        var options = new AttachOptions(request.bool("stdin"), request.bool("stdout"), request.bool("stderr"),
                request.bool("stream"), request.bool("logs"), emptyToNull(request.query("detachKeys")));
        boolean upgrade = "tcp".equalsIgnoreCase(request.header("Upgrade"));
        streams.containerAttach(request.param("id"), options, upgrade, response);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
