package berth.daemon.route;

import berth.engine.container.ContainerManagement;
import java.util.List;

/** Renaming and pruning containers. */
public final class ContainerManagementRoutes {
    private final ContainerManagement management;

    public ContainerManagementRoutes(ContainerManagement management) {
        this.management = management;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/containers/{id}/rename", this::rename).query("name"),
                Route.post("/containers/prune", this::prune).query("filters", "dryrun"));
    }

    void rename(Request request, Response response) {
        String name = request.query("name");
        management.rename(request.param("id"), name == null ? "" : name);
        response.send(204);
    }

    void prune(Request request, Response response) {
        response.json(200, management.prune(request.filters(), request.bool("dryrun")));
    }
}
