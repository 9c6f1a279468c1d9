package berth.engine.volume;

import berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bind with rshared or rslave propagation only propagates if the host mount its source lies on propagates too:
 * Docker checks that at start and fails with its message rather than starting a container whose mounts silently do
 * not propagate. Read from /proc/self/mountinfo: the mount with the longest mount point containing the source.
 */
final class Propagation {
    private Propagation() {}

    static void check(Path source, String propagation) throws IOException {
        boolean shared = propagation.equals("shared") || propagation.equals("rshared");
        boolean slave = propagation.equals("slave") || propagation.equals("rslave");
        if (!shared && !slave) return;
        Path real = source.toRealPath();
        String best = null;
        String bestOptional = "";
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length < 7) continue;
            String point = unescape(f[4]);
            if (!real.startsWith(Path.of(point))) continue;
            if (best != null && point.length() < best.length()) continue;
            StringBuilder optional = new StringBuilder();
            for (int i = 6; i < f.length && !f[i].equals("-"); i++) optional.append(f[i]).append(' ');
            best = point;
            bestOptional = optional.toString();
        }
        if (best == null) return;
        boolean isShared = bestOptional.contains("shared:");
        boolean isSlave = bestOptional.contains("master:");
        if (shared && !isShared) {
            throw new InvalidArgumentException("path " + source + " is mounted on " + best + " but it is not a shared mount");
        }
        if (slave && !isShared && !isSlave) {
            throw new InvalidArgumentException("path " + source + " is mounted on " + best
                    + " but it is not a shared or slave mount");
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
