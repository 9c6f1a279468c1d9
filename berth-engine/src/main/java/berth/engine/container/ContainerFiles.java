package berth.engine.container;

import berth.engine.layer.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a container gets at create, the shared init layer, and recursive deletion that never follows links. */
final class ContainerFiles {
    static final String HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    private ContainerFiles() {}

    static void prepare(ContainerLayout l, String hostname) throws IOException {
        Files.createDirectories(l.upper());
        Files.createDirectories(l.work());
        Files.createDirectories(l.rootfs());
        Files.createDirectories(l.persist());
        Files.writeString(l.hosts(), HOSTS);
        Files.writeString(l.hostname(), hostname + "\n");
        Path hostResolv = Path.of("/etc/resolv.conf");
        String resolv = Files.isReadable(hostResolv) ? Files.readString(hostResolv) : "";
        Files.writeString(l.resolvConf(), resolv);
    }

    /** The files a start generates for the container's network (they depend on its addresses, known only then). */
    static void writeNetworkFiles(ContainerLayout l, String hostname, String hosts, String resolvConf) throws IOException {
        Files.writeString(l.hosts(), hosts);
        Files.writeString(l.hostname(), hostname + "\n");
        Files.writeString(l.resolvConf(), resolvConf);
    }

    /**
     * Docker's init layer: real directories and files where bind mounts and special filesystems go, so that an image
     * whose /etc/hosts or /dev is a symlink cannot redirect them to the host. Identical for every container and
     * read-only as a lower dir, so one copy is shared.
     */
    static Path initLayer(Path dataRoot) throws IOException {
        Path init = dataRoot.resolve("init-layer");
        // built in a staging directory and renamed: if it exists, it is complete
        if (Files.isDirectory(init)) return init;
        Path staging = dataRoot.resolve("init-layer.tmp");
        Trees.delete(staging);
        for (String dir : new String[] {"dev/pts", "dev/shm", "proc", "sys", "etc"}) {
            Files.createDirectories(staging.resolve(dir));
        }
        for (String file : new String[] {".dockerenv", "etc/resolv.conf", "etc/hosts", "etc/hostname", "dev/console"}) {
            Files.createFile(staging.resolve(file));
        }
        Files.createSymbolicLink(staging.resolve("etc/mtab"), Path.of("/proc/mounts"));
        Files.move(staging, init, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return init;
    }
}
