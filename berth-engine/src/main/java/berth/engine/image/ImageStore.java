package berth.engine.image;

import berth.engine.content.Digest;
import java.util.List;
import java.util.Optional;

/**
 * The image and tag rows: what distribution (pull), import and later the builder commit into. The manifest,
 * config and layer blobs must already be in the content store and the layers registered; this only records.
 * Thread safety: all methods may be called concurrently. Publishes "tag"/"untag" events itself.
 */
public interface ImageStore {

    static ImageStore open(berth.engine.store.Database db, berth.engine.content.ContentStore content,
                           berth.engine.layer.LayerStore layers, berth.engine.events.EventService events) {
        return new SqliteImageStore(db, content, layers, events);
    }

    /**
     * Records an image whose manifest ({@code manifestDigest}) and config ({@code configDigest}, = the image ID) are
     * stored, with its layers' chain IDs bottom-first. Idempotent: an existing image is returned unchanged.
     */
    ImageRecord commit(Digest manifestDigest, Digest configDigest, List<Digest> chainIds);

    /**
     * As {@link #commit}, for a build step's image: recorded hidden (as an image rmi kept for containers: list, names
     * and IDs do not find it, {@link #get} does), so that a step's container can run on it. An image that is already
     * recorded stays as it is. A later {@link #commit} of the same image makes it visible.
     */
    ImageRecord commitHidden(Digest manifestDigest, Digest configDigest, List<Digest> chainIds);

    /** Deletes a hidden image row ({@link #commitHidden}) that no container uses; a visible image stays. */
    void dropHidden(Digest imageId);

    /** Points {@code ref} (must carry a tag) at the image; returns the image it pointed at before, if another. */
    Optional<Digest> tag(Reference ref, Digest imageId);

    /** Records "repo@sha256:…" (ref carries a digest) for the image, as RepoDigests shows it. */
    void addRepoDigest(Reference ref, Digest imageId);

    Optional<ImageRecord> get(Digest imageId);

    /** Resolves a name (ID, short ID, reference, reference by digest) or throws NotFoundException.image(name). */
    ImageRecord resolve(String name);

    /** Every tag of {@code repository} (a reference's repository(), e.g. "docker.io/library/busybox"), sorted. */
    List<Reference> tagsOf(String repository);

    /** The image a reference points at exactly (tag or digest), if any; no ID-prefix matching. */
    Optional<ImageRecord> lookup(Reference ref);
}
