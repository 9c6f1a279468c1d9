package berth.engine.container;

import berth.engine.layer.RootPath;
import berth.engine.sys.RootedPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A path inside a container's root for {@code cp}, resolved once and held: through an open descriptor
 * ({@link RootedPaths}, the kernel resolving inside the root) so that the container cannot swap a directory on the way
 * for a symlink out of it between the lookup and the copy; where the kernel cannot, resolved by {@link RootPath} as
 * before. Close it when the copy is done.
 */
record PinnedPath(Path path, RootedPaths.Handle handle) implements AutoCloseable {

    /** Docker's ResolvePath: the directory part followed inside the root, the last component itself ("/" the root). */
    static PinnedPath lastNotFollowed(Path root, String absPath) throws IOException {
        List<String> components = RootPath.clean(absPath);
        if (components.isEmpty()) return followed(root, absPath);
        String parent = String.join("/", components.subList(0, components.size() - 1));
        Optional<RootedPaths.Handle> dir = RootedPaths.open(root, parent, true);
        if (dir.isEmpty()) return new PinnedPath(RootPath.resolve(root, absPath), null);
        return new PinnedPath(dir.get().path().resolve(components.getLast()), dir.get());
    }

    /** Docker's FollowSymlinkInScope: every component followed inside the root, the last one's too. */
    static PinnedPath followed(Path root, String absPath) throws IOException {
        List<String> components = RootPath.clean(absPath);
        Optional<RootedPaths.Handle> h = RootedPaths.open(root, String.join("/", components), false);
        if (h.isEmpty()) return new PinnedPath(RootPath.join(root, RootPath.follow(root, components)), null);
        return new PinnedPath(h.get().path(), h.get());
    }

    @Override
    public void close() {
        if (handle != null) handle.close();
    }
}
