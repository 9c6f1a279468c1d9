package berth.daemon.route;

import berth.engine.container.StatsHistoryService;
import berth.engine.image.ImageLayers;
import java.util.List;

/**
 * Berth's own additions to the Engine API (docs/api.md): a container's last hour of resource use, the latest sample
 * of every running container, and an image's layers with the files each one changes.
 */
public final class BerthRoutes {
    private final StatsHistoryService history;
    private final ImageLayers layers;

    public BerthRoutes(StatsHistoryService history, ImageLayers layers) {
        this.history = history;
        this.layers = layers;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/containers/{id}/stats/history", this::statsHistory),
                Route.get("/berth/stats", this::latestStats),
                Route.get("/images/{name*}/layers", this::imageLayers));
    }

    void statsHistory(Request request, Response response) {
        response.json(200, history.history(request.param("id")));
    }

    void latestStats(Request request, Response response) {
        response.json(200, history.latest());
    }

    void imageLayers(Request request, Response response) {
        response.json(200, layers.layers(request.param("name")));
    }
}
