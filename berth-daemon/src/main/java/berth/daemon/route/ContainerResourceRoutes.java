package berth.daemon.route;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotFoundException;
import berth.api.model.ContainerStats;
import berth.api.model.HostConfig;
import berth.engine.container.ContainerService;
import berth.engine.container.UpdatePolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/** A container's resources: stats (one sample, or one a second), top, and update of its cgroup limits. */
public final class ContainerResourceRoutes {
    /** dockerd's collection interval for streamed stats. */
    static final long STREAM_INTERVAL_MILLIS = 1000;

    private final ContainerService containers;

    public ContainerResourceRoutes(ContainerService containers) {
        this.containers = containers;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/containers/{id}/stats", this::containerStats).query("stream", "one-shot"),
                Route.get("/containers/{id}/top", this::containerTop).query("ps_args"),
                Route.post("/containers/{id}/update", this::containerUpdate));
    }

    void containerStats(Request request, Response response) throws IOException, InterruptedException {
        String id = request.param("id");
        boolean stream = request.query("stream") == null || request.query("stream").isEmpty() || request.bool("stream");
        boolean oneShot = request.bool("one-shot");
        if (oneShot && stream) throw new InvalidArgumentException("cannot have stream=true and one-shot=true");
        ContainerStats first = containers.stats(id, oneShot);
        if (!stream) {
            response.json(200, first);
            return;
        }
        try (ChunkedOutput out = response.stream(200, "application/json")) {
            ContainerStats s = first;
            while (out.isOpen()) {
                out.write(line(s));
                Thread.sleep(STREAM_INTERVAL_MILLIS);
                try {
                    s = containers.stats(id, false);
                } catch (NotFoundException e) {
                    return; // removed while streaming: the stream ends, as dockerd's does
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** One object and "\n", as Go's json.Encoder writes them. */
    private static byte[] line(ContainerStats s) throws JsonProcessingException {
        byte[] json = Json.mapper().writeValueAsBytes(s);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    void containerTop(Request request, Response response) {
        response.json(200, containers.top(request.param("id"), request.query("ps_args")));
    }

    void containerUpdate(Request request, Response response) {
        JsonNode raw = request.json(JsonNode.class);
        if (raw == null || raw.isNull()) raw = Json.mapper().createObjectNode();
        UpdatePolicy.check(raw);
        HostConfig changes;
        try {
            changes = Json.mapper().treeToValue(raw, HostConfig.class);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
        response.json(200, containers.update(request.param("id"), changes));
    }
}
