package berth.daemon.route;

import berth.engine.image.ImagePruner;
import berth.engine.system.BuildCacheUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /images/prune} and {@code POST /build/prune}. {@code dryrun=1} (Berth's own, also on the container and
 * network prunes) answers with what the prune would remove and reclaim, and removes nothing.
 */
public final class PruneRoutes {
    private final ImagePruner images;
    private final Supplier<BuildCacheUsage> buildCache;

    public PruneRoutes(ImagePruner images, Supplier<BuildCacheUsage> buildCache) {
        this.images = images;
        this.buildCache = buildCache;
    }

    public List<Route> routes() {
        return List.of(
                Route.post("/images/prune", this::pruneImages).query("filters", "dryrun"),
                Route.post("/build/prune", this::pruneBuildCache)
                        .query("all", "filters", "dryrun")
                        .refuses("keep-storage", null).refuses("reserved-space", null).refuses("max-used-space", null)
                        .refuses("min-free-space", null));
    }

    void pruneImages(Request request, Response response) {
        ImagePruner.Report r = images.prune(request.filters(), request.bool("dryrun"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ImagesDeleted", r.imagesDeleted());
        body.put("SpaceReclaimed", r.spaceReclaimed());
        response.json(200, body);
    }

    void pruneBuildCache(Request request, Response response) {
        BuildCacheUsage.Pruned r = buildCache.get().prune(request.bool("all"), request.filters(), request.bool("dryrun"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CachesDeleted", r.cachesDeleted());
        body.put("SpaceReclaimed", r.spaceReclaimed());
        response.json(200, body);
    }
}
