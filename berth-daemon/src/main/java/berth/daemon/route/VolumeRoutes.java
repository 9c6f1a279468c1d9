package berth.daemon.route;

import berth.api.model.Volume;
import berth.api.model.VolumeCreateRequest;
import berth.engine.volume.VolumeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The volume group: create, list, inspect, remove, prune. */
public final class VolumeRoutes {
    private final VolumeService volumes;

    public VolumeRoutes(VolumeService volumes) {
        this.volumes = volumes;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/volumes", this::list).query("filters"),
                Route.post("/volumes/create", this::create),
                Route.post("/volumes/prune", this::prune).query("filters", "dryrun"),
                Route.get("/volumes/{name}", this::inspect),
                Route.delete("/volumes/{name}", this::remove).query("force"));
    }

    void list(Request request, Response response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Volumes", volumes.list(request.filters()));
        out.put("Warnings", null);
        response.json(200, out);
    }

    void create(Request request, Response response) {
        VolumeCreateRequest body = request.json(VolumeCreateRequest.class);
        if (body == null) body = new VolumeCreateRequest(null, null, null, null, null);
        Volume v = volumes.create(body);
        response.json(201, v);
    }

    void inspect(Request request, Response response) {
        response.json(200, volumes.inspect(request.param("name")));
    }

    void remove(Request request, Response response) {
        volumes.remove(request.param("name"), request.bool("force"));
        response.send(204);
    }

    /**
     * Before API 1.42 a prune removed every unused volume; since, only anonymous ones unless all=true. {@code dryrun}
     * (Berth's own, as on the other prune endpoints) only reports.
     */
    void prune(Request request, Response response) {
        VolumeService.Pruned p = volumes.prune(request.filters(), !request.version().atLeast("1.42"),
                request.bool("dryrun"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VolumesDeleted", p.deleted());
        out.put("SpaceReclaimed", p.spaceReclaimed());
        response.json(200, out);
    }
}
