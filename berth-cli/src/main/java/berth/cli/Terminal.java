package berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's terminal, for {@code run -t}: whether stdin/stdout are terminals, their size, and raw mode. Uses
 * /proc/self/fd and stty(1) rather than native calls: only a TTY session pays for it, and no JNI/FFM set-up is loaded
 * into every CLI start.
 */
public final class Terminal {
    private Terminal() {}

    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** [rows, columns] of the terminal on stdin, or null. */
    public static int[] size() {
        String s = stty("size");
        if (s == null) return null;
        String[] p = s.strip().split("\\s+");
        if (p.length != 2) return null;
        try {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Puts stdin's terminal in raw mode (keys go to the container as typed, no local echo) and returns what restores
     * it; also restored at JVM exit, so that an error path cannot leave the user's shell raw.
     */
    public static Runnable raw() {
        String saved = stty("-g");
        if (saved == null) return () -> {};
        stty("raw", "-echo");
        Thread restore = new Thread(() -> stty(saved.strip()));
        Runtime.getRuntime().addShutdownHook(restore);
        return () -> {
            stty(saved.strip());
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        };
    }

    private static String stty(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
