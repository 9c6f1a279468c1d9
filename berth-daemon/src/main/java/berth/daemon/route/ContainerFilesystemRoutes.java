package berth.daemon.route;

import berth.api.Json;
import berth.api.model.ContainerConfig;
import berth.api.model.ContainerPathStat;
import berth.api.model.IdResponse;
import berth.engine.container.ContainerFilesystem;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;

/** diff, the archive endpoints of {@code docker cp}, export and commit. */
public final class ContainerFilesystemRoutes {
    /** The header in which the archive endpoints describe the path (base64 of JSON). */
    static final String PATH_STAT_HEADER = "X-Docker-Container-Path-Stat";
    private static final String TAR = "application/x-tar";
    /** Chunks of this size: each chunk of a response is flushed, so small ones would cost a syscall each. */
    private static final int CHUNK = 1 << 20;

    private final ContainerFilesystem filesystem;

    public ContainerFilesystemRoutes(ContainerFilesystem filesystem) {
        this.filesystem = filesystem;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/containers/{id}/changes", this::changes),
                Route.head("/containers/{id}/archive", this::statPath).query("path"),
                Route.get("/containers/{id}/archive", this::getArchive).query("path"),
                Route.put("/containers/{id}/archive", this::putArchive)
                        .query("path", "noOverwriteDirNonDir", "copyUIDGID"),
                Route.get("/containers/{id}/export", this::export),
                Route.post("/commit", this::commit)
                        .query("container", "repo", "tag", "comment", "author", "pause", "changes"));
    }

    void changes(Request request, Response response) {
        response.json(200, filesystem.changes(request.param("id")));
    }

    void statPath(Request request, Response response) {
        ContainerPathStat stat = filesystem.stat(request.param("id"), requirePath(request));
        response.header(PATH_STAT_HEADER, encode(stat));
        response.send(200);
    }

    void getArchive(Request request, Response response) throws IOException {
        try (ContainerFilesystem.PathArchive archive = filesystem.archive(request.param("id"), requirePath(request))) {
            response.header(PATH_STAT_HEADER, encode(archive.stat()));
            writeTar(response, archive);
        }
    }

    void putArchive(Request request, Response response) {
        filesystem.extract(request.param("id"), requirePath(request), request.body(),
                request.bool("noOverwriteDirNonDir"), request.bool("copyUIDGID"));
        response.send(200);
    }

    void export(Request request, Response response) throws IOException {
        try (ContainerFilesystem.TarStream tar = filesystem.export(request.param("id"))) {
            writeTar(response, tar);
        }
    }

    void commit(Request request, Response response) {
        String container = request.query("container");
        if (container == null || container.isEmpty()) {
            throw new berth.api.errors.InvalidArgumentException("container name or ID is required");
        }
        ContainerConfig config = request.json(ContainerConfig.class);
        // API 1.13 and later pause by default; only an explicit false value turns it off
        boolean pause = request.query("pause") == null || request.query("pause").isEmpty() || request.bool("pause");
        String id = filesystem.commit(new ContainerFilesystem.CommitOptions(container, request.query("repo"),
                request.query("tag"), request.query("comment"), request.query("author"), pause,
                request.queryAll("changes"), config));
        response.json(201, new IdResponse(id, null));
    }

    private static String requirePath(Request request) {
        String path = request.query("path");
        if (path == null || path.isEmpty()) throw new berth.api.errors.InvalidArgumentException("path is required");
        return path;
    }

    /** The stat header: base64 (standard alphabet, padded) of the JSON, as the docker CLI decodes it. */
    static String encode(ContainerPathStat stat) {
        try {
            return Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(stat));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The response is ended only when the whole tar was written: a failure half-way (a file that shrank, an error
     * reading) leaves it open, and the failed request then closes the connection, so that the client sees a cut
     * stream rather than a complete response holding part of a tar. Closing {@code body} waits for the files it sends
     * (see {@link berth.engine.layer.FileRegionOutput}), so none is open when the caller releases the container's root.
     */
    private static void writeTar(Response response, ContainerFilesystem.TarStream tar) throws IOException {
        ChunkedOutput out = response.stream(200, TAR);
        try (OutputStream body = out.stream(CHUNK)) {
            tar.writeTo(body);
        }
        out.close();
    }
}
