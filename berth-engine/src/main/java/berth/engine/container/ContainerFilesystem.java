package berth.engine.container;

import berth.api.model.ContainerConfig;
import berth.api.model.ContainerPathStat;
import berth.api.model.FilesystemChange;
import berth.engine.image.ImageService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A container's filesystem from outside: {@code docker diff}, {@code cp} (the archive endpoints), {@code export} and
 * {@code commit}. Running containers are read through their mounted root; stopped ones through a read-only view of
 * the same layers, or, to write into them, their own overlay mounted for the copy. Every path is resolved inside the
 * container's root: no symlink of the container leads out of it.
 */
public interface ContainerFilesystem {

    /** The filesystem service over the engine's own container service; {@code images} receives commits. */
    static ContainerFilesystem of(ContainerService containers, ImageService images) {
        LocalContainerService local = (LocalContainerService) containers;
        ContainerRoots roots = new ContainerRoots(local.repo(), local.layouts(), local.locks(), local.starter());
        roots.recover();
        return new ContainerArchive(local.repo(), local.layouts(), roots, local.starter(),
                new Committer(local.repo(), local.layouts(), local.events(), local.pauses(), images), local.mounts());
    }

    /** The changes of the container's writable layer, sorted by path. */
    List<FilesystemChange> changes(String nameOrId);

    /** {@code HEAD /containers/{id}/archive}: what is at {@code path}; NotFoundException when nothing is. */
    ContainerPathStat stat(String nameOrId, String path);

    /**
     * {@code GET /containers/{id}/archive}: resolves and stats {@code path} at once (so that errors come before any
     * response), and returns the archive to write. The caller must close it.
     */
    PathArchive archive(String nameOrId, String path);

    /**
     * {@code PUT /containers/{id}/archive}: unpacks {@code tar} into the directory {@code path} names. With
     * {@code noOverwriteDirNonDir} an entry may not replace a directory by a non-directory or the reverse; with
     * {@code copyUidGid} files belong to the container's user (its User, else the archive's owners).
     */
    void extract(String nameOrId, String path, InputStream tar, boolean noOverwriteDirNonDir, boolean copyUidGid);

    /** {@code GET /containers/{id}/export}: the whole filesystem as a tar. The caller must close it. */
    TarStream export(String nameOrId);

    /** {@code POST /commit}: a new image of the container's image and its writable layer. Returns the image ID. */
    String commit(CommitOptions options);

    /** A tar ready to be written; holds a mount of a stopped container's filesystem until closed. */
    interface TarStream extends AutoCloseable {
        void writeTo(OutputStream out) throws IOException;

        @Override
        void close();
    }

    interface PathArchive extends TarStream {
        ContainerPathStat stat();
    }

    /**
     * {@code pause}: freeze a running container while its layer is read (Docker's default). {@code config} (may be
     * null) overrides the container's configuration before {@code changes} apply.
     */
    record CommitOptions(String container, String repo, String tag, String comment, String author, boolean pause,
                         List<String> changes, ContainerConfig config) {}
}
