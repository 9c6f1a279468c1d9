package berth.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a container's cgroup is frozen, read from the kernel, which is the one authority on it: a pause outlives
 * berthd (the processes stay frozen), so nothing is recorded beside it. runc places a container at the cgroups path
 * {@code /berth/<id>} ({@link OciSpecBuilder}); with cgroup v1 the freezer is its own hierarchy, with v2 the unified
 * one has {@code cgroup.freeze}.
 */
public final class Freezer {
    private final Path cgroupRoot;

    public Freezer() {
        this(Path.of("/sys/fs/cgroup"));
    }

    Freezer(Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
    }

    /** True when the container's processes are frozen (or freezing: a pause under way counts as paused). */
    public boolean isFrozen(String containerId) {
        Path v1 = cgroupRoot.resolve("freezer/berth").resolve(containerId).resolve("freezer.state");
        String state = read(v1);
        if (state != null) return !state.equals("THAWED");
        String v2 = read(cgroupRoot.resolve("berth").resolve(containerId).resolve("cgroup.freeze"));
        return "1".equals(v2);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
