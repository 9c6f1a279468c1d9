package berth.daemon.route;

import berth.api.model.ExecCreateRequest;
import berth.api.model.ExecStartRequest;
import berth.api.model.IdResponse;
import berth.engine.container.ContainerService;
import berth.engine.container.ExecService;
import java.io.IOException;
import java.util.List;

/** The exec group, and the terminal resizes of containers and execs. */
public final class ExecRoutes {
    private final ExecService execs;

    public ExecRoutes(ExecService execs) {
        this.execs = execs;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/containers/{id}/exec", this::execCreate),
                Route.post("/exec/{id}/start", this::execStart),
                Route.post("/exec/{id}/resize", this::execResize).query("h", "w"),
                Route.get("/exec/{id}/json", this::execInspect),
                Route.post("/containers/{id}/resize", this::containerResize).query("h", "w"));
    }

    void execCreate(Request request, Response response) {
        ExecCreateRequest body = request.json(ExecCreateRequest.class);
        if (body == null) {
            throw new berth.api.errors.InvalidArgumentException("config cannot be empty in order to create an exec");
        }
        IdResponse created = execs.create(request.param("id"), body);
        response.json(201, created);
        execs.prepareStart(created.id()); // after the answer, while the client reads it and sends the start
    }

    /** Errors found before the process runs are plain HTTP errors; after the 101 the process's output follows. */
    void execStart(Request request, Response response) throws IOException {
        ExecStartRequest body = request.json(ExecStartRequest.class);
        ContainerService.Attachment stream = execs.start(request.param("id"), body);
        if (stream == null) {
            response.send(200);
            return;
        }
        boolean upgrade = "tcp".equalsIgnoreCase(request.header("Upgrade"));
        ContainerStreams.hijackAndStream(stream, upgrade, response);
    }

    void execResize(Request request, Response response) {
        execs.resize(request.param("id"), request.query("h"), request.query("w"));
        response.send(200);
    }

    void execInspect(Request request, Response response) {
        response.json(200, execs.inspect(request.param("id")));
    }

    void containerResize(Request request, Response response) {
        execs.resizeContainer(request.param("id"), request.query("h"), request.query("w"));
        response.send(200);
    }
}
