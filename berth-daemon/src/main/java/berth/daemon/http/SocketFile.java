package berth.daemon.http;

import berth.daemon.config.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The file of a listening Unix socket: where it may be created and who may connect. Kept apart from {@link ApiServer}
 * so that the early listener binds without loading Netty's classes.
 */
final class SocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFile() {}

    /** Creates the socket's directory and removes a stale socket; anything else in the way is an error. */
    static void prepare(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("cannot listen on " + path + ": the path exists and is not a socket");
        }
        Files.delete(path);
    }

    /**
     * The socket gives root to whoever can connect: owner root, group root, mode 0660. By number: looking the names up
     * would read the user and group databases while berthd is starting.
     */
    static void restrict(Path path) throws IOException {
        Files.setPosixFilePermissions(path, FileModes.of("rw-rw----"));
        Files.setAttribute(path, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    }
}
