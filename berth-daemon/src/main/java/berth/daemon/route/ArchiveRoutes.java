package berth.daemon.route;

import berth.engine.archive.ImageArchives;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** save ({@code GET /images/get}, {@code GET /images/{name}/get}) and load ({@code POST /images/load}). */
public final class ArchiveRoutes {
    private static final String TAR = "application/x-tar";
    /** Each chunk is flushed: large ones keep the syscalls per megabyte few. */
    private static final int CHUNK = 1 << 20;

    private final ImageArchives archives;

    public ArchiveRoutes(ImageArchives archives) {
        this.archives = archives;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/images/get", this::saveMany).query("names", "platform"),
                Route.get("/images/{name*}/get", this::saveOne).query("platform"),
                Route.post("/images/load", this::load).query("quiet", "platform"));
    }

    void saveMany(Request request, Response response) throws IOException {
        List<String> names = new ArrayList<>();
        // the docker CLI repeats names=; older clients sent one comma-free value per name as well
        for (String n : request.queryAll("names")) if (!n.isEmpty()) names.add(n);
        write(response, archives.save(names, request.query("platform")));
    }

    void saveOne(Request request, Response response) throws IOException {
        write(response, archives.save(List.of(request.param("name")), request.query("platform")));
    }

    /** The archive is prepared (names resolved, blobs checked) before the 200 goes out, so errors stay plain. */
    private static void write(Response response, ImageArchives.Archive archive) throws IOException {
        try (ChunkedOutput out = response.stream(200, TAR); OutputStream body = out.stream(CHUNK)) {
            archive.writeTo(body);
            body.flush();
        }
    }

    void load(Request request, Response response) throws IOException {
        ProgressStream progress = new ProgressStream(response);
        try {
            archives.load(request.body(), request.bool("quiet"), request.query("platform"), progress);
        } catch (RuntimeException e) {
            progress.fail(e);
            return;
        }
        progress.finish();
    }
}
