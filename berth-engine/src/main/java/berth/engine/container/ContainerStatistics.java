package berth.engine.container;

import berth.api.errors.InternalException;
import berth.api.model.ContainerStats;
import berth.api.model.ContainerStats.CpuStats;
import berth.engine.cgroup.CgroupSample;
import berth.engine.cgroup.CgroupStats;
import berth.engine.cgroup.HostCpu;
import berth.engine.cgroup.HostMemory;
import berth.engine.cgroup.NetDev;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code stats}: reads a running container's cgroup and keeps each container's last sample, so that the next request
 * (the docker CLI's {@code --no-stream} included) gets a CPU percentage at once instead of sampling twice a second
 * apart as dockerd does. A container's first request is measured against its start: its CPU time since then over
 * the host's CPU time since then, which the host's clock gives without an earlier sample.
 */
final class ContainerStatistics {
    private final CgroupStats cgroups;
    private final Map<String, StatsView.Previous> previous = new ConcurrentHashMap<>();

    ContainerStatistics(CgroupStats cgroups) {
        this.cgroups = cgroups;
    }

    /** {@code oneShot}: no earlier sample is wanted (Docker's one-shot), precpu_stats stays empty. */
    ContainerStats sample(ContainerRepository.Row row, boolean oneShot) {
        ContainerRecord r = row.record();
        RuntimeState st = row.state();
        if (!st.isRunning()) {
            previous.remove(r.id());
            return StatsView.stopped(r.name(), r.id());
        }
        try {
            Optional<CgroupSample> sample = cgroups.read(r.id());
            if (sample.isEmpty()) return StatsView.stopped(r.name(), r.id());
            Instant now = Instant.now();
            long system = HostCpu.systemUsageNanos();
            int cpus = HostCpu.online();
            CpuStats cpu = StatsView.cpu(sample.get(), system, cpus);
            StatsView.Previous before = oneShot ? null : previous.get(r.id());
            if (before == null && !oneShot) before = sinceStart(st, now, system, cpus);
            previous.put(r.id(), new StatsView.Previous(now, cpu));
            return StatsView.of(r.name(), r.id(), now, sample.get(), cpu, before, NetDev.of(st.pid()), HostMemory.total());
        } catch (IOException | RuntimeException e) {
            throw new InternalException("reading the stats of container " + r.id() + ": " + e.getMessage(), e);
        }
    }

    /** The run's start as a sample: no CPU time used yet, the host's CPU time then worked out from the clock. */
    private static StatsView.Previous sinceStart(RuntimeState st, Instant now, long system, int cpus) {
        Instant started;
        try {
            started = Instant.parse(st.startedAt());
        } catch (RuntimeException e) {
            return null;
        }
        long elapsed = Math.max(0, Duration.between(started, now).toNanos());
        long systemThen = Math.max(0, system - elapsed * cpus);
        return new StatsView.Previous(started, new CpuStats(new ContainerStats.CpuUsage(0, null, 0, 0), systemThen, cpus,
                new ContainerStats.ThrottlingData(0, 0, 0)));
    }

    /** How many containers' samples are kept before those of removed containers are dropped. */
    private static final int PRUNE_ABOVE = 256;

    /** Drops the samples of containers that no longer exist, once there are many: a removal does not call here. */
    void forgetUnless(java.util.function.Predicate<String> exists) {
        if (previous.size() > PRUNE_ABOVE) previous.keySet().removeIf(id -> !exists.test(id));
    }
}
