package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --oom-score-adj}: Docker's range, and no lower than berthd's own score unless berthd holds CAP_SYS_RESOURCE
 * (the kernel refuses to lower it otherwise, and runc would fail at start).
 */
final class OomScore {
    private OomScore() {}

    static void check(Integer value) {
        if (value == null || value == 0) return;
        if (value < -1000 || value > 1000) {
            throw new InvalidArgumentException("Invalid value " + value + ", range for oom score adj is [-1000, 1000]");
        }
        int own = own();
        if (value < own && !Capabilities.available().contains("CAP_SYS_RESOURCE")) {
            throw new InvalidArgumentException("--oom-score-adj " + value + " is below berthd's own (" + own
                    + "), which a container cannot go under without CAP_SYS_RESOURCE");
        }
    }

    private static int own() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1000;
        }
    }
}
