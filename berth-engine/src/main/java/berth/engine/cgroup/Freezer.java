package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a container's cgroup is frozen, read from the kernel, which is the one authority on it: a pause outlives
 * berthd (the processes stay frozen), so nothing is recorded beside it. With cgroup v1 the freezer is its own
 * hierarchy, with v2 the container's directory of the unified one has {@code cgroup.freeze}; {@link CgroupMounts} knows
 * where both are.
 */
public final class Freezer {
    private final CgroupMounts mounts;

    public Freezer(CgroupMounts mounts) {
        this.mounts = mounts;
    }

    /** True when the container's processes are frozen (or freezing: a pause under way counts as paused). */
    public boolean isFrozen(String containerId) {
        String state = read(v1(containerId));
        if (state != null) return !state.equals("THAWED");
        String v2 = read(v2(containerId).resolve("cgroup.freeze"));
        return "1".equals(v2);
    }

    /**
     * Freezes the container's cgroup as {@code runc pause} does, without spawning runc (~30 ms a process): writes the
     * freezer's state and waits until the kernel reports every task frozen. False when the container has no freezer
     * cgroup here (the caller then asks runc); an IOException when it did not freeze within 5 s (it is thawed again).
     */
    public boolean freeze(String containerId) throws IOException {
        Path v1 = v1(containerId);
        if (Files.exists(v1)) return settle(v1, "FROZEN", v1, "FROZEN");
        Path v2 = v2(containerId);
        if (Files.exists(v2.resolve("cgroup.freeze"))) return settle(v2.resolve("cgroup.freeze"), "1", v2.resolve("cgroup.events"), "frozen 1");
        return false;
    }

    /** Thaws the container's cgroup; false when it has no freezer cgroup here. */
    public boolean thaw(String containerId) throws IOException {
        Path v1 = v1(containerId);
        if (Files.exists(v1)) return settle(v1, "THAWED", v1, "THAWED");
        Path v2 = v2(containerId);
        if (Files.exists(v2.resolve("cgroup.freeze"))) return settle(v2.resolve("cgroup.freeze"), "0", v2.resolve("cgroup.events"), "frozen 0");
        return false;
    }

    /** A path that does not exist when there is no such hierarchy, so that reading it finds nothing. */
    private Path v1(String containerId) {
        return mounts.containerDir("freezer", containerId).orElse(Path.of("/nonexistent")).resolve("freezer.state");
    }

    private Path v2(String containerId) {
        return mounts.containerDirV2(containerId).orElse(Path.of("/nonexistent"));
    }

    /** Writes {@code value} and polls {@code check} until it shows {@code expected} (a line of it, for cgroup.events). */
    private static boolean settle(Path control, String value, Path check, String expected) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Files.writeString(control, value);
        for (int i = 1; ; i++) {
            String now = read(check);
            if (now != null && now.lines().anyMatch(expected::equals)) return true;
            if (System.nanoTime() > deadline) {
                if (value.equals("FROZEN") || value.equals("1")) Files.writeString(control, value.equals("1") ? "0" : "THAWED");
                throw new IOException("the cgroup of " + control.getParent().getFileName() + " did not reach " + expected);
            }
            // a task that was busy in the kernel may miss a freeze: asking again is what runc does too
            if (i % 50 == 0) Files.writeString(control, value);
            try {
                Thread.sleep(i < 10 ? 1 : 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the freezer", e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
