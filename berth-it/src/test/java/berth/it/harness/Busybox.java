package berth.it.harness;

import java.time.Duration;

/** The embedded busybox image, made from scripts/busybox-rootfs.sh exactly as berth's set-up does. */
public final class Busybox {
    private Busybox() {}

    /** The script's output, made once per test run: every daemon imports busybox, and the tar never differs. */
    private static byte[] rootfs;

    /** The uncompressed rootfs tar; the script is deterministic, so its digest is the same on every call. */
    public static synchronized byte[] rootfsTar() {
        if (rootfs == null) rootfs = makeRootfsTar();
        return rootfs.clone();
    }

    private static byte[] makeRootfsTar() {
        ProcessBuilder pb = new ProcessBuilder(BerthRoot.busyboxRootfsScript().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process p = pb.start();
            byte[] tar = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) throw new AssertionError("busybox-rootfs.sh exited " + p.exitValue());
            return tar;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code busybox-rootfs.sh | docker import -c 'CMD ["sh"]' - busybox:latest}, into a fresh daemon. */
    public static void importInto(Docker docker) {
        docker.exec(rootfsTar(), Duration.ofMinutes(2), "import", "-c", "CMD [\"sh\"]", "-", "busybox:latest")
                .requireSuccess();
    }

    /** Imports busybox unless the daemon already has it (an external daemon is not ours to reset). */
    public static void ensureIn(Docker docker) {
        if (!docker.run("image", "inspect", "busybox:latest").succeeded()) importInto(docker);
    }

}
