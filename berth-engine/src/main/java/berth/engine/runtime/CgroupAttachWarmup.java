package berth.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts, ahead of an exec, the wait that joining a container's cgroups costs. A write to any cgroup.procs file takes
 * the kernel's cgroup thread-group lock for writing, and that first waits for an RCU grace period unless another writer
 * took it within the last one: 5-50 ms here (2 CPUs, loaded), most of an exec's time, and runc exec pays it as well.
 * berth-exec joins the cgroups just before the process starts; a no-op write of berthd's own pid into the cgroup it is
 * in already, made when the exec is created and again as berth-exec is spawned, lets the grace period run meanwhile,
 * so berth-exec's own writes wait only for what is left of it. Nothing moves (a process written into its own cgroup
 * stays where it is); best effort: without a cgroup to write into, or after a failed write, it does nothing.
 */
final class CgroupAttachWarmup {
    private final Path procs;
    private final byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean disabled;
    private ExecutorService writer;

    private CgroupAttachWarmup(Path procs) {
        this.procs = procs;
        this.disabled = procs == null;
    }

    /** For berthd's own cgroup, found in /proc/self/cgroup and /proc/self/mountinfo. */
    static CgroupAttachWarmup forSelf() {
        try {
            return new CgroupAttachWarmup(ownProcs(Files.readAllLines(Path.of("/proc/self/cgroup")),
                    Files.readAllLines(Path.of("/proc/self/mountinfo"))));
        } catch (IOException | RuntimeException e) {
            return new CgroupAttachWarmup(null);
        }
    }

    /**
     * The cgroup.procs file of the cgroup berthd is in, in a cgroup v1 hierarchy mounted at its root (or the v2 one
     * when there is no v1), or null.
     */
    static Path ownProcs(List<String> cgroups, List<String> mountinfo) {
        Path v2 = null;
        for (String line : mountinfo) {
            // id parent major:minor root mount-point options [optional fields] - fstype source super-options
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 3 >= f.length || !f[3].equals("/")) continue;
            String type = f[dash + 1];
            List<String> options = List.of(f[dash + 3].split(","));
            for (String c : cgroups) {
                String[] g = c.split(":", 3);
                if (g.length != 3) continue;
                if (type.equals("cgroup") && !g[1].isEmpty() && options.containsAll(List.of(g[1].split(",")))) {
                    return procsOf(f[4], g[2]);
                }
                if (type.equals("cgroup2") && g[0].equals("0") && g[1].isEmpty()) v2 = procsOf(f[4], g[2]);
            }
        }
        return v2;
    }

    private static Path procsOf(String mountPoint, String cgroup) {
        Path dir = Path.of(mountPoint, cgroup.startsWith("/") ? cgroup.substring(1) : cgroup);
        return dir.resolve("cgroup.procs");
    }

    /** Starts a grace period now, unless one started by this is still running. Returns at once. */
    void kick() {
        if (disabled || !inFlight.compareAndSet(false, true)) return;
        try {
            executor().execute(() -> {
                try {
                    Files.write(procs, pid, StandardOpenOption.WRITE);
                } catch (IOException | RuntimeException e) {
                    disabled = true;
                } finally {
                    inFlight.set(false);
                }
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
        }
    }

    /** One platform thread: the write blocks in the kernel for the grace period, which no virtual thread should. */
    private synchronized ExecutorService executor() {
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cgroup-warmup").factory());
        }
        return writer;
    }
}
