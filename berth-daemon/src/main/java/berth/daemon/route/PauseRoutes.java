package berth.daemon.route;

import berth.engine.container.PauseService;
import java.util.List;

/** {@code POST /containers/{id}/pause} and {@code /unpause}. */
public final class PauseRoutes {
    private final PauseService pauses;

    public PauseRoutes(PauseService pauses) {
        this.pauses = pauses;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/containers/{id}/pause", this::pause),
                Route.post("/containers/{id}/unpause", this::unpause));
    }

    void pause(Request request, Response response) {
        pauses.pause(request.param("id"));
        response.send(204);
    }

    void unpause(Request request, Response response) {
        pauses.unpause(request.param("id"));
        response.send(204);
    }
}
