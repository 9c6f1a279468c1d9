package berth.engine.container;

import berth.api.errors.InternalException;
import berth.engine.image.ImageService;
import berth.engine.layer.TarWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}: the container's upper directory, written as a layer tar (overlay whiteouts become OCI
 * whiteouts), on top of its image. A running container is frozen while its layer is read, unless the caller says
 * otherwise or it is paused already; it is thawed again whatever happens.
 */
final class Committer {
    private final ContainerRepository repo;
    private final ContainerLayouts layouts;
    private final ContainerEvents events;
    private final ContainerPauses pauses;
    private final ImageService images;

    Committer(ContainerRepository repo, ContainerLayouts layouts, ContainerEvents events, ContainerPauses pauses,
              ImageService images) {
        this.repo = repo;
        this.layouts = layouts;
        this.events = events;
        this.pauses = pauses;
        this.images = images;
    }

    String commit(ContainerFilesystem.CommitOptions o) {
        ContainerRecord r = repo.resolve(o.container()).record();
        var base = o.config() != null ? o.config() : r.config();
        List<String> cmd = r.config().cmd() == null ? List.of() : r.config().cmd();
        ImageService.CommitRequest request = new ImageService.CommitRequest(r.imageId(), (out, layerDir) -> writeLayer(r, o.pause(), out, layerDir),
                base, o.changes(), o.comment(), o.author(), String.join(" ", cmd), o.repo(), o.tag());
        String imageId = images.commit(request);
        String ref = o.repo() == null || o.repo().isEmpty() ? ""
                : o.repo() + ":" + (o.tag() == null || o.tag().isEmpty() ? "latest" : o.tag());
        events.publish(r, "commit", Map.of("comment", o.comment() == null ? "" : o.comment(), "imageID", imageId,
                "imageRef", ref));
        return imageId;
    }

    private long writeLayer(ContainerRecord r, boolean pause, java.io.OutputStream out, java.nio.file.Path layerDir)
            throws IOException {
        boolean froze = false;
        if (pause) {
            try {
                pauses.pause(r.id());
                froze = true;
            } catch (berth.api.errors.ConflictException notRunningOrPaused) {
                // a stopped container does not change; a paused one stays as its user left it
            }
        }
        try {
            return TarWriter.writeAndCopy(layouts.of(r.id()).upper(), out, layerDir);
        } finally {
            if (froze) {
                try {
                    pauses.unpause(r.id());
                } catch (RuntimeException e) {
                    throw new InternalException("thawing container " + r.id() + " after commit: " + e.getMessage(), e);
                }
            }
        }
    }
}
