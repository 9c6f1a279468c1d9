package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of {@code POST /containers/{id}/update} Berth changes: the limits dockerd's UpdateContainer changes
 * (memory, swap, reservation, CPU shares, quota, period and --cpus, cpusets, blkio weight, pids). Any other field of
 * swagger's body asks for something Berth would not do, and is refused unless it is at its zero value (what the docker
 * CLI sends for flags not given). Zero means "leave as it is", as in Docker.
 */
public final class UpdatePolicy {
    static final Set<String> APPLIED = Set.of("cpushares", "memory", "nanocpus", "blkioweight", "cpuperiod", "cpuquota",
            "cpusetcpus", "cpusetmems", "memoryreservation", "memoryswap", "pidslimit");

    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("cgroupparent", "--cgroup-parent"),
            Map.entry("blkioweightdevice", "--blkio-weight-device"), Map.entry("blkiodevicereadbps", "--device-read-bps"),
            Map.entry("blkiodevicewritebps", "--device-write-bps"), Map.entry("blkiodevicereadiops", "--device-read-iops"),
            Map.entry("blkiodevicewriteiops", "--device-write-iops"), Map.entry("cpurealtimeperiod", "--cpu-rt-period"),
            Map.entry("cpurealtimeruntime", "--cpu-rt-runtime"), Map.entry("kernelmemory", "--kernel-memory"),
            Map.entry("oomkilldisable", "--oom-kill-disable"), Map.entry("ulimits", "--ulimit"),
            Map.entry("restartpolicy", "--restart"));

    private UpdatePolicy() {}

    public static void check(JsonNode body) {
        if (body == null || !body.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (APPLIED.contains(key)) continue;
            JsonNode v = e.getValue();
            if (key.equals("memoryswappiness") && (CreatePolicy.absent(v) || v.asLong() == -1)) continue;
            if (key.equals("restartpolicy") && noRestart(v)) continue;
            if (CreatePolicy.zeroStruct(v)) continue;
            String flag = FLAGS.containsKey(key) ? " (" + FLAGS.get(key) + ")" : "";
            throw new InvalidArgumentException(e.getKey() + flag + " cannot be changed by update in Berth; leave it unset");
        }
    }

    /** No restart policy change: unset, or "no" (the only policy Berth runs so far). */
    private static boolean noRestart(JsonNode n) {
        if (CreatePolicy.zeroStruct(n)) return true;
        JsonNode name = CreatePolicy.field(n, "Name");
        JsonNode retries = CreatePolicy.field(n, "MaximumRetryCount");
        return name != null && name.asText().equals("no") && CreatePolicy.zero(retries);
    }
}
