package berth.engine.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The processes in a container's cgroup (cgroup.procs), as containerd's ListPids gives them to dockerd's top. */
public final class CgroupProcs {
    private CgroupProcs() {}

    public static Set<Integer> of(CgroupMounts mounts, String id) throws IOException {
        Optional<Path> dir = Optional.empty();
        if (mounts.isV1()) {
            for (String controller : new String[] {"pids", "memory", "cpu", "name=systemd"}) {
                dir = mounts.containerDir(controller, id);
                if (dir.isPresent()) break;
            }
        } else if (mounts.isV2()) {
            dir = mounts.containerDirV2(id);
        }
        Set<Integer> pids = new LinkedHashSet<>();
        if (dir.isEmpty()) return pids;
        String text = CgroupFiles.text(dir.get().resolve("cgroup.procs"));
        if (text == null) return pids;
        for (String line : text.split("\n")) if (!line.isBlank()) pids.add(Integer.parseInt(line.strip()));
        return pids;
    }
}
