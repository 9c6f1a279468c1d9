package berth.daemon.config;

import berth.daemon.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The permissions of berthd's roots. The data root holds every container's config (environment, secrets included),
 * the database and unpacked layers with their setuid files; the exec root holds the runtime's state. Both are
 * owned by berthd's user and closed to everyone else (data root 0710 as Docker's, exec root 0700), created so or
 * tightened at every start. A root owned by another user is refused: that user could swap what berthd trusts.
 */
public final class RootDirs {
    static final Set<PosixFilePermission> DATA_ROOT = FileModes.of("rwx--x---");
    static final Set<PosixFilePermission> EXEC_ROOT = FileModes.of("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = FileModes.of("rw-------");
    static final Set<PosixFilePermission> PRIVATE_DIR = FileModes.of("rwx------");

    private RootDirs() {}

    /** Before the engine opens anything under them. */
    public static void secure(Path dataRoot, Path execRoot) throws ConfigException, IOException {
        prepare(dataRoot, DATA_ROOT, "data root");
        prepare(execRoot, EXEC_ROOT, "exec root");
    }

    /** After the engine started: the database and the containers' directory are berthd's alone. */
    public static void secureStore(Path dataRoot) throws IOException {
        for (String name : new String[] {"berth.db", "berth.db-wal", "berth.db-shm", "engine-id"}) {
            Path file = dataRoot.resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(file, PRIVATE_FILE);
        }
        Path containers = dataRoot.resolve("containers");
        if (Files.isDirectory(containers, LinkOption.NOFOLLOW_LINKS)) Files.setPosixFilePermissions(containers, PRIVATE_DIR);
    }

    private static void prepare(Path dir, Set<PosixFilePermission> mode, String what) throws ConfigException, IOException {
        if (Files.isSymbolicLink(dir)) dir = dir.toRealPath();
        boolean existed = Files.isDirectory(dir);
        Files.createDirectories(dir);
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new ConfigException("the " + what + " " + dir + " is owned by uid " + owner + ", not by berthd's user (uid "
                    + self + "); refusing to start: fix its owner or choose another directory");
        }
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!before.equals(mode)) {
            Files.setPosixFilePermissions(dir, mode);
            if (existed) Log.info("tightened permissions", "path", dir, "from", PosixFilePermissions.toString(before),
                    "to", PosixFilePermissions.toString(mode));
        }
    }
}
