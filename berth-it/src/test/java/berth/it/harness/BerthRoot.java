package berth.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout and of the packaged artifacts the tests run. */
public final class BerthRoot {
    public static final String JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
    public static final String DOCKER = "/usr/local/bin/docker";

    private BerthRoot() {}

    public static Path root() {
        String configured = System.getProperty("berth.root");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve("scripts"))) {
            throw new IllegalStateException("berth.root does not point at the checkout: " + root);
        }
        return root.toAbsolutePath().normalize();
    }

    public static Path berthdJar() {
        return root().resolve("berth-daemon/target/berthd.jar");
    }

    /** bin/berthd, the launcher users start berthd with (its JVM options, native libraries unpacked by the build). */
    public static Path berthdLauncher() {
        return root().resolve("bin/berthd");
    }

    public static Path berthCliJar() {
        return root().resolve("berth-cli/target/berth-cli.jar");
    }

    public static Path busyboxRootfsScript() {
        return root().resolve("scripts/busybox-rootfs.sh");
    }

    /** Set to run the docker-CLI scenarios against an already running daemon instead of berthd. */
    public static String externalHost() {
        String h = System.getProperty("berth.it.externalHost", "");
        return h.isBlank() ? null : h;
    }
}
