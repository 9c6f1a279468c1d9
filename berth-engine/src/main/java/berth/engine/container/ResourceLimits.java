package berth.engine.container;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import berth.engine.cgroup.CgroupLimits;
import berth.engine.runtime.CgroupResources;
import berth.engine.runtime.CgroupResources.ThrottleDevice;
import berth.engine.runtime.CgroupResources.WeightDevice;
import berth.engine.runtime.DeviceNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container's cgroup limits: checked before anything is created, with dockerd's messages where it has one (moby's
 * verifyPlatformContainerResources), and turned into the OCI resources runc applies. Where dockerd would drop a limit
 * the kernel cannot apply and only warn, Berth refuses it: what is accepted is applied.
 */
public final class ResourceLimits {
    /** dockerd's linuxMinMemory. */
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    /** The CFS period Docker uses to express --cpus. */
    static final long NANO_CPUS_PERIOD = 100_000;

    private final CgroupLimits kernel;
    private final int cpus;

    public ResourceLimits(CgroupLimits kernel, int cpus) {
        this.kernel = kernel;
        this.cpus = cpus;
    }

    /** The host's limits and CPU count, probed once. */
    static ResourceLimits host() {
        return Host.INSTANCE;
    }

    private static final class Host {
        static final ResourceLimits INSTANCE = new ResourceLimits(CgroupLimits.host(), berth.engine.cgroup.HostCpu.online());
    }

    /** Throws InvalidArgumentException for the first limit that cannot be applied as asked. */
    void validate(HostConfig h, boolean update) {
        long memory = n(h.memory());
        long swap = n(h.memorySwap());
        long reservation = n(h.memoryReservation());
        if (memory != 0 && memory < MIN_MEMORY) throw bad("Minimum memory limit allowed is 6MB");
        if (memory > 0 && !kernel.memory()) {
            throw bad("Your kernel does not support memory limit capabilities or the cgroup is not mounted (--memory)");
        }
        if (memory > 0 && swap > 0 && swap < memory) {
            throw bad("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memory == 0 && swap > 0 && !update) {
            throw bad("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (swap > 0 && !kernel.swap()) {
            throw bad("Your kernel does not support swap limit capabilities or the cgroup is not mounted (--memory-swap)");
        }
        if (reservation > 0 && !kernel.reservation()) {
            throw bad("Your kernel does not support memory soft limit capabilities or the cgroup is not mounted"
                    + " (--memory-reservation)");
        }
        if (reservation > 0 && reservation < MIN_MEMORY) throw bad("Minimum memory reservation allowed is 6MB");
        if (memory > 0 && reservation > 0 && memory < reservation) {
            throw bad("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (Boolean.TRUE.equals(h.oomKillDisable()) && !kernel.oomKillDisable()) {
            throw bad("Your kernel does not support OomKillDisable (--oom-kill-disable)");
        }
        if (h.pidsLimit() != null && h.pidsLimit() > 0 && !kernel.pids()) {
            throw bad("Your kernel does not support PIDs limit capabilities or the cgroup is not mounted (--pids-limit)");
        }
        long nano = n(h.nanoCpus());
        long period = n(h.cpuPeriod());
        long quota = n(h.cpuQuota());
        if (nano > 0 && period > 0) throw bad("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (nano > 0 && quota > 0) throw bad("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        if ((nano > 0 || period != 0 || quota != 0) && !kernel.cpuCfs()) {
            throw bad("NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted");
        }
        if (nano < 0 || nano > cpus * 1_000_000_000L) {
            throw bad("range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available");
        }
        if (n(h.cpuShares()) > 0 && !kernel.cpuShares()) {
            throw bad("Your kernel does not support CPU shares or the cgroup is not mounted (--cpu-shares)");
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw bad("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (quota > 0 && quota < 1000) throw bad("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        checkCpuset(h.cpusetCpus(), kernel.cpus(), "cpus", "CPUs");
        checkCpuset(h.cpusetMems(), kernel.mems(), "mems", "memory nodes");
        long weight = n(h.blkioWeight());
        if (weight > 0 && !kernel.blkioWeight()) {
            throw bad("Your kernel does not support Block I/O weight or the cgroup is not mounted (--blkio-weight)");
        }
        if (weight > 0 && (weight < 10 || weight > 1000)) throw bad("Range of blkio weight is from 10 to 1000");
        if (!empty(h.blkioWeightDevice()) && !kernel.blkioWeightDevice()) {
            throw bad("Your kernel does not support Block I/O weight_device or the cgroup is not mounted"
                    + " (--blkio-weight-device)");
        }
        boolean throttles = !empty(h.blkioDeviceReadBps()) || !empty(h.blkioDeviceWriteBps())
                || !empty(h.blkioDeviceReadIOps()) || !empty(h.blkioDeviceWriteIOps());
        if (throttles && !kernel.blkioThrottle()) {
            throw bad("Your kernel does not support Block I/O throttling or the cgroup is not mounted"
                    + " (--device-read-bps, --device-write-bps, --device-read-iops, --device-write-iops)");
        }
        // resolves every device path, so that a missing one fails here and not at start
        resources(h);
    }

    private void checkCpuset(String requested, String available, String what, String plural) {
        if (requested == null || requested.isEmpty()) return;
        if (!kernel.cpuset()) {
            throw bad("Your kernel does not support cpuset or the cgroup is not mounted (--cpuset-" + what + ")");
        }
        TreeSet<Integer> asked;
        try {
            asked = parseList(requested);
        } catch (IllegalArgumentException e) {
            throw bad("Invalid value " + requested + " for cpuset " + what + ": invalid format: " + requested);
        }
        TreeSet<Integer> have = parseList(available);
        if (!have.containsAll(asked)) {
            throw bad("Requested " + plural + " are not available - requested " + requested + ", available: " + available);
        }
    }

    /** A cpuset list: "0-3,5". */
    static TreeSet<Integer> parseList(String list) {
        TreeSet<Integer> out = new TreeSet<>();
        if (list == null || list.isBlank()) return out;
        for (String part : list.strip().split(",")) {
            String[] range = part.split("-", -1);
            if (range.length == 1) {
                out.add(uint(range[0]));
            } else if (range.length == 2) {
                int from = uint(range[0]);
                int to = uint(range[1]);
                if (to < from) throw new IllegalArgumentException(part);
                for (int i = from; i <= to; i++) out.add(i);
            } else {
                throw new IllegalArgumentException(part);
            }
        }
        return out;
    }

    private static int uint(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 6) throw new IllegalArgumentException(s);
        return Integer.parseInt(s);
    }

    /**
     * The values in force, as inspect shows them: Docker's default swap of twice the memory limit when only a memory
     * limit is set, and OomKillDisable false when not given.
     */
    static HostConfig inForce(HostConfig h) {
        ObjectNode n = Json.mapper().valueToTree(h);
        if (n(h.memory()) > 0 && n(h.memorySwap()) == 0) n.put("MemorySwap", h.memory() * 2);
        if (h.oomKillDisable() == null) n.put("OomKillDisable", false);
        try {
            return Json.mapper().treeToValue(n, HostConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("host config does not map back onto itself", e);
        }
    }

    /** The OCI resources for a host config already validated and in force. */
    CgroupResources resources(HostConfig h) {
        long memory = n(h.memory());
        long swap = n(h.memorySwap());
        long nano = n(h.nanoCpus());
        Long quota = n(h.cpuQuota()) != 0 ? h.cpuQuota() : null;
        Long period = n(h.cpuPeriod()) != 0 ? h.cpuPeriod() : null;
        if (nano > 0) {
            quota = nano * NANO_CPUS_PERIOD / 1_000_000_000L;
            period = NANO_CPUS_PERIOD;
        }
        return new CgroupResources(
                memory > 0 ? memory : null,
                n(h.memoryReservation()) > 0 ? h.memoryReservation() : null,
                memory > 0 && swap != 0 && kernel.swap() ? Long.valueOf(swap) : null,
                Boolean.TRUE.equals(h.oomKillDisable()) ? Boolean.TRUE : null,
                n(h.cpuShares()) > 0 ? h.cpuShares() : null, quota, period,
                empty(h.cpusetCpus()) ? null : h.cpusetCpus(), empty(h.cpusetMems()) ? null : h.cpusetMems(),
                h.pidsLimit() != null && h.pidsLimit() > 0 ? h.pidsLimit() : null,
                n(h.blkioWeight()) > 0 ? h.blkioWeight() : null,
                weightDevices(h.blkioWeightDevice()), throttles(h.blkioDeviceReadBps()),
                throttles(h.blkioDeviceWriteBps()), throttles(h.blkioDeviceReadIOps()), throttles(h.blkioDeviceWriteIOps()));
    }

    private static List<ThrottleDevice> throttles(List<Object> devices) {
        List<ThrottleDevice> out = new ArrayList<>();
        if (devices == null) return out;
        for (Object o : devices) {
            Map<?, ?> d = device(o);
            long[] dev = majorMinor(String.valueOf(value(d, "Path")));
            Object rate = value(d, "Rate");
            if (!(rate instanceof Number r) || r.longValue() < 0) throw bad("invalid rate for device " + value(d, "Path"));
            out.add(new ThrottleDevice(dev[0], dev[1], r.longValue()));
        }
        return out;
    }

    private static List<WeightDevice> weightDevices(List<Object> devices) {
        List<WeightDevice> out = new ArrayList<>();
        if (devices == null) return out;
        for (Object o : devices) {
            Map<?, ?> d = device(o);
            long[] dev = majorMinor(String.valueOf(value(d, "Path")));
            Object weight = value(d, "Weight");
            if (!(weight instanceof Number w) || w.intValue() < 10 || w.intValue() > 1000) {
                throw bad("Range of blkio weight is from 10 to 1000");
            }
            out.add(new WeightDevice(dev[0], dev[1], w.intValue()));
        }
        return out;
    }

    private static Map<?, ?> device(Object o) {
        if (!(o instanceof Map<?, ?> m)) throw bad("invalid block I/O device entry: " + o);
        return m;
    }

    /** Go's encoding/json matches keys case-insensitively. */
    private static Object value(Map<?, ?> m, String key) {
        for (Map.Entry<?, ?> e : m.entrySet()) if (String.valueOf(e.getKey()).equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    /** A block device's numbers from stat(2), as dockerd resolves --device-read-bps paths. */
    static long[] majorMinor(String path) {
        try {
            // stat(2) follows links, as /dev/disk/by-id names are
            DeviceNode node = DeviceNode.of(Path.of(path).toRealPath(), path);
            if (node == null || !node.type().equals("b")) throw bad(path + " is not a block device");
            return new long[] {node.major(), node.minor()};
        } catch (NoSuchFileException e) {
            throw bad("stat " + path + ": no such file or directory");
        } catch (IOException | UnsupportedOperationException e) {
            throw bad("stat " + path + ": " + e.getMessage());
        }
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static long n(Number v) {
        return v == null ? 0 : v.longValue();
    }

    private static InvalidArgumentException bad(String message) {
        return new InvalidArgumentException(message);
    }
}
