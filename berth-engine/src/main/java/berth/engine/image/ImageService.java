package berth.engine.image;

import berth.api.model.ImageDeleteItem;
import berth.api.model.ImageHistoryItem;
import berth.api.model.ImageInspect;
import berth.api.model.ImageSummary;
import berth.api.model.ProgressMessage;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Local images: what is stored, under which names. Distribution (pull, push) is
 * the registry package's DistributionService; it commits into this store.
 *
 * <p>Names are resolved as Docker does: a full or short image ID ("sha256:ab12…", "ab12"), a reference
 * ("busybox" = docker.io/library/busybox:latest) or a reference by digest ("busybox@sha256:…").
 * Unknown names throw {@link berth.api.errors.NotFoundException#image}.
 */
public interface ImageService {

    /** The image service and the image store it commits into, sharing one cache. */
    static ImageService create(berth.engine.store.Database db, berth.engine.content.ContentStore content,
                               berth.engine.layer.LayerStore layers, ImageStore store, berth.engine.events.EventService events) {
        return new LocalImageService(db, content, layers, (SqliteImageStore) store, events);
    }

    List<ImageSummary> list(ImageListOptions options);

    /** Image inspect in the shape of API {@code version} (Container/ContainerConfig before 1.45, VirtualSize before 1.44). */
    ImageInspect inspect(String name, berth.api.ApiVersion version);

    default ImageInspect inspect(String name) {
        return inspect(name, berth.api.ApiVersion.CURRENT);
    }

    List<ImageHistoryItem> history(String name);

    /** Points {@code repo:tag} (tag null = latest) at the image {@code source} names. */
    void tag(String source, String repo, String tag);

    /** Untags {@code name}; deletes the image when no tag is left (or with force), refusing one a container uses. */
    List<ImageDeleteItem> remove(String name, boolean force, boolean noPrune);

    /**
     * Creates an image with one layer from a rootfs tarball (plain, gzip, bzip2 or xz), with Dockerfile-style
     * {@code changes} ("CMD [\"sh\"]", "ENV A=1"), optionally tagged {@code repo:tag}. Returns the image ID,
     * which is also the last status reported to {@code progress} (the docker CLI prints it).
     */
    String importImage(InputStream tarball, String repo, String tag, List<String> changes, String message,
                       Consumer<ProgressMessage> progress);

    /**
     * {@code docker commit}'s image half: a new image of the parent's layers and one more, which {@code request}'s
     * layer source writes (as a tar with OCI whiteouts, and as a layer directory), with {@code changes} applied to
     * {@code config}. The changes are checked before the layer is asked for. Returns the image ID.
     */
    default String commit(CommitRequest request) {
        throw new berth.api.errors.NotImplementedException("commit is not supported by this image service");
    }

    /** {@code createdBy} is the new history entry's created_by; repo and tag may be null (an untagged image). */
    record CommitRequest(String parentImageId, LayerSource layer, berth.api.model.ContainerConfig config,
                         List<String> changes, String comment, String author, String createdBy, String repo,
                         String tag) {}

    /**
     * Writes a layer tar to {@code out} and the same files, in overlay form, into the empty directory {@code layerDir}
     * (see {@link berth.engine.layer.TarWriter#writeAndCopy}); returns the bytes of regular files. Called once.
     */
    @FunctionalInterface
    interface LayerSource {
        long writeTo(java.io.OutputStream out, java.nio.file.Path layerDir) throws java.io.IOException;
    }

    /** The stored image a name resolves to. */
    ImageRecord resolve(String name);

    /**
     * The image a name resolves to, which must be of {@code platform} when one is given (the {@code platform}
     * parameter of inspect, history and delete): a Berth image has one platform, so another is not found.
     */
    default ImageRecord resolve(String name, String platform) {
        Platform wanted = Platform.parse(platform);
        ImageRecord image = resolve(name);
        if (wanted != null && !wanted.matches(image.config().os(), image.config().architecture(), image.config().variant())) {
            throw new berth.api.errors.NotFoundException("image with reference " + name
                    + " was found but does not provide the specified platform (" + wanted + ")");
        }
        return image;
    }

    /** {@code sharedSize}: compute SharedSize (bytes of layers other images use too) instead of -1. */
    record ImageListOptions(boolean all, java.util.Map<String, List<String>> filters, boolean sharedSize) {
        public ImageListOptions(boolean all, java.util.Map<String, List<String>> filters) {
            this(all, filters, false);
        }
    }
}
