package berth.daemon.route;

import berth.engine.search.ImageSearch;
import java.util.List;

/** {@code GET /images/search}. */
public final class SearchRoutes {
    private final ImageSearch search;

    public SearchRoutes(ImageSearch search) {
        this.search = search;
    }

    public List<Route> routes() {
        return List.of(Route.get("/images/search", this::search).query("term", "limit", "filters"));
    }

    void search(Request request, Response response) {
        response.json(200, search.search(request.query("term"), request.integer("limit"), request.filters()));
    }
}
