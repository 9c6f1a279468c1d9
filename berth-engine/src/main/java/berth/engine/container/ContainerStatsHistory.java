package berth.engine.container;

import berth.api.model.StatsHistory;
import berth.api.model.StatsSample;
import berth.engine.cgroup.CgroupMounts;
import berth.engine.cgroup.CgroupSample;
import berth.engine.cgroup.CgroupUsage;
import berth.engine.cgroup.HostMemory;
import berth.engine.cgroup.NetDev;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples every running container every {@link #INTERVAL} from the cgroup files {@code stats} reads (no runc, no
 * process: a few small file reads per container) and keeps {@link #KEPT} samples per container. One virtual thread
 * does it, sleeping in between. Stopped containers keep their history; removed ones lose it at the next round.
 */
final class ContainerStatsHistory implements StatsHistoryService {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** One hour. */
    static final int KEPT = 720;

    /** What the CPU percentage of the next sample is measured against. */
    private record Previous(long cpuNanos, long atNanos, long run) {}

    private final ContainerRepository repo;
    private final CgroupUsage cgroups;
    private final Map<String, SampleRing> rings = new ConcurrentHashMap<>();
    private final Map<String, Previous> previous = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean closed;

    private ContainerStatsHistory(ContainerRepository repo, CgroupUsage cgroups) {
        this.repo = repo;
        this.cgroups = cgroups;
        this.sampler = Thread.ofVirtual().name("stats-history").unstarted(this::run);
    }

    static ContainerStatsHistory start(LocalContainerService containers) {
        ContainerStatsHistory history = new ContainerStatsHistory(containers.repo(), new CgroupUsage(CgroupMounts.host()));
        history.sampler.start();
        return history;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sampleAll();
            } catch (RuntimeException e) {
                // the store is closing, or one round failed: the next round tries again
            }
        }
    }

    /** One round: a sample of each running container; the history of removed containers is dropped. */
    void sampleAll() {
        long now = System.nanoTime();
        long time = System.currentTimeMillis() / 1000;
        Set<String> present = new HashSet<>();
        for (ContainerRepository.RunSummary run : repo.runs()) {
            present.add(run.id());
            if (!run.running()) {
                previous.remove(run.id());
                continue;
            }
            StatsSample sample = sample(run, now, time);
            if (sample != null) rings.computeIfAbsent(run.id(), k -> new SampleRing(KEPT)).add(sample);
        }
        rings.keySet().retainAll(present);
        previous.keySet().retainAll(present);
    }

    private StatsSample sample(ContainerRepository.RunSummary run, long now, long time) {
        String id = run.id();
        CgroupSample c;
        long rx = 0;
        long tx = 0;
        try {
            var read = cgroups.read(id);
            if (read.isEmpty()) return null;
            c = read.get();
            for (NetDev.Counters n : NetDev.of(run.pid()).values()) {
                rx += n.rxBytes();
                tx += n.txBytes();
            }
        } catch (IOException | RuntimeException e) {
            return null; // it stopped while being read
        }
        // a new run starts its CPU time from zero: its first sample has no percentage yet
        Previous before = previous.put(id, new Previous(c.cpuTotal(), now, run.generation()));
        double cpu = 0;
        if (before != null && before.run() == run.generation() && now > before.atNanos()) {
            cpu = Math.max(0, c.cpuTotal() - before.cpuNanos()) * 100.0 / (now - before.atNanos());
            cpu = Math.round(cpu * 100) / 100.0;
        }
        long limit = c.memoryLimit() == null ? HostMemory.total() : Math.min(c.memoryLimit(), HostMemory.total());
        return new StatsSample(time, cpu, memoryInUse(c), limit, rx, tx, blkio(c.ioBytes(), "Read"),
                blkio(c.ioBytes(), "Write"));
    }

    /** Usage without the inactive page cache, as the docker CLI shows memory. */
    static long memoryInUse(CgroupSample c) {
        if (c.memoryUsage() == null) return 0;
        Map<String, Long> stats = c.memoryStats();
        Long cache = stats.containsKey("total_inactive_file") ? stats.get("total_inactive_file") : stats.get("inactive_file");
        long usage = c.memoryUsage();
        return cache != null && cache < usage ? usage - cache : usage;
    }

    static long blkio(List<CgroupSample.Blkio> entries, String op) {
        long sum = 0;
        for (CgroupSample.Blkio b : entries) {
            if (b.op().equalsIgnoreCase(op)) sum += b.value();
        }
        return sum;
    }

    @Override
    public StatsHistory history(String nameOrId) {
        String id = repo.resolve(nameOrId).record().id();
        SampleRing ring = rings.get(id);
        return new StatsHistory((int) INTERVAL.toSeconds(), ring == null ? List.of() : ring.list());
    }

    @Override
    public Map<String, StatsSample> latest() {
        Map<String, StatsSample> out = new LinkedHashMap<>();
        for (String id : previous.keySet()) {
            SampleRing ring = rings.get(id);
            StatsSample last = ring == null ? null : ring.latest();
            if (last != null) out.put(id, last);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
