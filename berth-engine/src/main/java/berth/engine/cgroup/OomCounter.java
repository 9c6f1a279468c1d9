package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How many processes the kernel's OOM killer killed in a container's cgroup: v1's {@code oom_kill} line of
 * memory.oom_control, v2's of memory.events. Read when the container exits, before runc deletes the cgroup; it backs
 * up conmon's own OOM file.
 */
public final class OomCounter {
    private OomCounter() {}

    public static long kills(CgroupMounts mounts, String id) {
        Optional<Path> file = mounts.isV1() ? mounts.containerDir("memory", id).map(d -> d.resolve("memory.oom_control"))
                : mounts.containerDirV2(id).map(d -> d.resolve("memory.events"));
        if (file.isEmpty()) return 0;
        try {
            return CgroupFiles.keyValues(CgroupFiles.text(file.get())).getOrDefault("oom_kill", 0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
