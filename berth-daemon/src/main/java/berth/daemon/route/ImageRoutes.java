package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import berth.api.errors.NotImplementedException;
import berth.api.model.ProgressMessage;
import berth.engine.image.ImageService;
import berth.engine.registry.DistributionService;
import java.io.IOException;
import java.util.List;

/**
 * The image group. Names in paths may hold '/' and ':' ({@code /images/127.0.0.1:5000/x/y:1/push}), hence the
 * {@code {name*}} templates. X-Registry-Auth is accepted and not used yet: the registries Berth talks to are local.
 */
public final class ImageRoutes {
    private final ImageService images;
    private final DistributionService distribution;

    public ImageRoutes(ImageService images, DistributionService distribution) {
        this.images = images;
        this.distribution = distribution;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/images/json", this::imageList).query("all", "filters", "digests")
                        .refuses("shared-size", "false").refuses("manifests", "false"),
                Route.post("/images/create", this::imageCreate)
                        .query("fromImage", "fromSrc", "repo", "tag", "message", "changes").refuses("platform", ""),
                Route.get("/images/{name*}/json", this::imageInspect).refuses("manifests", "false").refuses("platform", null),
                Route.get("/images/{name*}/history", this::imageHistory).refuses("platform", null),
                Route.post("/images/{name*}/tag", this::imageTag).query("repo", "tag"),
                Route.post("/images/{name*}/push", this::imagePush).query("tag").refuses("platform", null),
                Route.delete("/images/{name*}", this::imageDelete).query("force", "noprune").refuses("platforms", null));
    }

    void imageList(Request request, Response response) {
        response.json(200, images.list(new ImageService.ImageListOptions(request.bool("all"), request.filters())));
    }

    /** Pull ({@code fromImage}) or import ({@code fromSrc=-}, the body being the root filesystem tarball). */
    void imageCreate(Request request, Response response) throws IOException {
        String fromImage = request.query("fromImage");
        String fromSrc = request.query("fromSrc");
        ProgressStream progress = new ProgressStream(response);
        if (fromImage != null && !fromImage.isEmpty()) {
            run(progress, () -> distribution.pull(fromImage, request.query("tag"), progress));
        } else if ("-".equals(fromSrc)) {
            run(progress, () -> images.importImage(request.body(), request.query("repo"), request.query("tag"),
                    request.queryAll("changes"), request.query("message"), progress));
        } else if (fromSrc != null && !fromSrc.isEmpty()) {
            throw new NotImplementedException("importing from a URL is not supported: upload the archive with fromSrc=-");
        } else {
            throw new InvalidArgumentException("fromImage or fromSrc is required");
        }
    }

    void imageInspect(Request request, Response response) {
        response.json(200, images.inspect(request.param("name")));
    }

    void imageHistory(Request request, Response response) {
        response.json(200, images.history(request.param("name")));
    }

    void imageTag(Request request, Response response) {
        String repo = request.query("repo");
        if (repo == null || repo.isEmpty()) throw new InvalidArgumentException("repository name must have at least one component");
        images.tag(request.param("name"), repo, request.query("tag"));
        response.send(201);
    }

    void imageDelete(Request request, Response response) {
        response.json(200, images.remove(request.param("name"), request.bool("force"), request.bool("noprune")));
    }

    void imagePush(Request request, Response response) throws IOException {
        ProgressStream progress = new ProgressStream(response);
        run(progress, () -> distribution.push(request.param("name"), request.query("tag"), progress));
    }

    /** Runs a streamed operation: errors before the first message are plain errors, later ones are error lines. */
    private static void run(ProgressStream progress, Runnable work) throws IOException {
        try {
            work.run();
        } catch (RuntimeException e) {
            progress.fail(e);
            return;
        }
        progress.finish();
    }
}
