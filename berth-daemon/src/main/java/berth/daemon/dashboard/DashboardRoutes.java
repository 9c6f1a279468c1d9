package berth.daemon.dashboard;

import berth.daemon.route.Request;
import berth.daemon.route.Response;
import berth.daemon.route.Route;
import java.util.List;

/**
 * {@code GET /berth/dashboard}: where the dashboard is and the address that logs in. Served on the API socket only
 * (whoever may use the socket may have the token); the dashboard's own {@code /api} refuses it.
 */
public final class DashboardRoutes {
    private final Dashboard dashboard;

    public DashboardRoutes(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    public List<Route> routes() {
        return List.of(Route.get("/berth/dashboard", this::status));
    }

    void status(Request request, Response response) {
        response.json(200, dashboard.status());
    }
}
