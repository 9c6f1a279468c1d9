package berth.daemon.route;

import berth.api.errors.InvalidArgumentException;
import berth.engine.image.ImageService;
import berth.engine.image.Platform;
import berth.engine.registry.Credential;
import berth.engine.registry.DistributionService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The image group. Names in paths may hold '/' and ':' ({@code /images/127.0.0.1:5000/x/y:1/push}), hence the
 * {@code {name*}} templates. X-Registry-Auth (pull, push) becomes the registry client's credential. Every query
 * parameter of these endpoints is either applied or refused with 400 before anything starts.
 */
public final class ImageRoutes {
    private final ImageService images;
    private final DistributionService distribution;
    private final berth.engine.archive.ImageArchives archives;

    /** Without archives (tests of other routes): an import from a URL is refused. */
    public ImageRoutes(ImageService images, DistributionService distribution) {
        this(images, distribution, null);
    }

    public ImageRoutes(ImageService images, DistributionService distribution, berth.engine.archive.ImageArchives archives) {
        this.images = images;
        this.distribution = distribution;
        this.archives = archives;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/images/json", this::imageList)
                        .query("all", "filters", "digests", "shared-size", "manifests"), // and "filter" before API 1.41, read below
                Route.post("/images/create", this::imageCreate)
                        .query("fromImage", "fromSrc", "repo", "tag", "message", "changes", "platform"),
                Route.get("/images/{name*}/json", this::imageInspect).query("manifests", "platform"),
                Route.get("/images/{name*}/history", this::imageHistory).query("platform"),
                Route.post("/images/{name*}/tag", this::imageTag).query("repo", "tag"),
                Route.post("/images/{name*}/push", this::imagePush).query("tag", "platform"),
                Route.delete("/images/{name*}", this::imageDelete).query("force", "noprune", "platforms"));
    }

    void imageList(Request request, Response response) {
        refuseTrue(request, "manifests", "per-platform manifests are not listed: a Berth image has one platform");
        // "digests" asks for RepoDigests, which every entry carries anyway.
        Map<String, List<String>> filters = request.filters();
        String legacy = request.query("filter");
        if (legacy != null && !legacy.isEmpty() && !request.version().atLeast("1.41")) {
            // Before API 1.41, "filter" was the reference filter (moby keeps it for those clients).
            filters = new LinkedHashMap<>(filters);
            filters.merge("reference", List.of(legacy), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
        }
        response.json(200, images.list(new ImageService.ImageListOptions(request.bool("all"), filters,
                request.bool("shared-size"))));
    }

    /** Pull ({@code fromImage}) or import ({@code fromSrc=-}, the body being the root filesystem tarball). */
    void imageCreate(Request request, Response response) throws IOException {
        String fromImage = request.query("fromImage");
        String fromSrc = request.query("fromSrc");
        if (fromImage != null && !fromImage.isEmpty()) {
            for (String importOnly : List.of("repo", "message", "changes")) {
                if (!request.queryAll(importOnly).isEmpty()) {
                    throw new InvalidArgumentException("parameter '" + importOnly + "' applies to an import (fromSrc), not to a pull");
                }
            }
            DistributionService.PullRequest pull = new DistributionService.PullRequest(fromImage, request.query("tag"),
                    Credential.fromHeader(request.header("X-Registry-Auth")), request.query("platform"));
            ProgressStream progress = new ProgressStream(response);
            run(response, progress, () -> distribution.pull(pull, progress));
        } else if (fromSrc != null && !fromSrc.isEmpty()) {
            Platform platform = Platform.parseForLinux(request.query("platform"));
            if (platform != null && !platform.equals(Platform.HOST)) {
                throw new InvalidArgumentException("importing for platform " + platform + " is not supported: imports are "
                        + Platform.HOST + " images");
            }
            ProgressStream progress = new ProgressStream(response);
            if ("-".equals(fromSrc)) {
                run(response, progress, () -> images.importImage(request.body(), request.query("repo"), request.query("tag"),
                        request.queryAll("changes"), request.query("message"), progress));
            } else {
                if (archives == null) throw new berth.api.errors.NotImplementedException("importing from a URL is not supported");
                run(response, progress, () -> archives.importUrl(fromSrc, request.query("repo"), request.query("tag"),
                        request.queryAll("changes"), request.query("message"), progress));
            }
        } else {
            throw new InvalidArgumentException("fromImage or fromSrc is required");
        }
    }

    void imageInspect(Request request, Response response) {
        refuseTrue(request, "manifests", "per-platform manifests are not shown: a Berth image has one platform");
        String name = request.param("name");
        images.resolve(name, request.query("platform"));
        response.json(200, images.inspect(name, request.version()));
    }

    void imageHistory(Request request, Response response) {
        String name = request.param("name");
        images.resolve(name, request.query("platform"));
        response.json(200, images.history(name));
    }

    void imageTag(Request request, Response response) {
        String repo = request.query("repo");
        if (repo == null || repo.isEmpty()) throw new InvalidArgumentException("repository name must have at least one component");
        images.tag(request.param("name"), repo, request.query("tag"));
        response.send(201);
    }

    void imageDelete(Request request, Response response) {
        String name = request.param("name");
        // Each platform asked for must be the image's own (it has only one), which then goes as a whole.
        for (String platform : request.queryAll("platforms")) images.resolve(name, platform);
        response.json(200, images.remove(name, request.bool("force"), request.bool("noprune")));
    }

    void imagePush(Request request, Response response) throws IOException {
        String header = request.header("X-Registry-Auth");
        Optional<Credential> credential = header != null ? Credential.fromHeader(header)
                : Credential.fromLegacyBody(request.body().readNBytes(64 * 1024));
        DistributionService.PushRequest push = new DistributionService.PushRequest(request.param("name"),
                request.query("tag"), credential, request.query("platform"));
        ProgressStream progress = new ProgressStream(response);
        run(response, progress, () -> distribution.push(push, progress));
    }

    private static void refuseTrue(Request request, String parameter, String why) {
        if (request.bool(parameter)) throw new InvalidArgumentException("parameter '" + parameter + "' is not supported: " + why);
    }

    /**
     * Runs a streamed operation: errors before the first message are plain errors, later ones are error lines. A
     * client that goes away cancels the work at once (its thread is interrupted, which ends registry reads and
     * unpacking; their partial files are removed on the way out), not at the next progress message.
     */
    private static void run(Response response, ProgressStream progress, Runnable work) throws IOException {
        Thread worker = Thread.currentThread();
        AtomicBoolean running = new AtomicBoolean(true);
        response.onClose(() -> {
            if (running.get()) worker.interrupt();
        });
        try {
            work.run();
        } catch (RuntimeException e) {
            running.set(false);
            Thread.interrupted();
            progress.fail(e);
            return;
        }
        running.set(false);
        Thread.interrupted();
        progress.finish();
    }
}
