package berth.engine.container;

import berth.api.Json;
import berth.api.model.HostConfig;
import berth.api.model.LogConfig;
import berth.engine.runtime.Confinement;
import berth.engine.runtime.OciSpecBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host config as it is in force: what the request left unset becomes what Berth applies (the json-file log driver,
 * no network but loopback, no restart, Docker's /dev/shm size, masked and read-only paths, the host cgroup namespace
 * on this cgroup v1 machine, a private IPC namespace, runc) and unset scalars become Go's zero values, so that inspect
 * answers with Docker's key set and values. Idempotent: rows stored before this existed get the same treatment.
 */
final class HostConfigDefaults {
    private static final List<String> ZERO_NUMBERS = List.of("CpuShares", "Memory", "NanoCpus", "BlkioWeight",
            "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "MemoryReservation", "MemorySwap",
            "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "OomScoreAdj");
    private static final List<String> EMPTY_STRINGS = List.of("ContainerIDFile", "VolumeDriver", "Cgroup", "PidMode",
            "UTSMode", "UsernsMode", "Isolation", "CgroupParent", "CpusetCpus", "CpusetMems");
    private static final List<String> FALSE = List.of("AutoRemove", "Privileged", "PublishAllPorts", "ReadonlyRootfs");

    /** The cgroup namespace of a container that asks for none: the host's, as dockerd's default on cgroup v1. */
    static final String CGROUPNS_DEFAULT = "host";

    private HostConfigDefaults() {}

    /**
     * The answers for inspect, by the stored host config they were made from: every {@code docker exec} inspects its
     * container first, and the JSON round trip below is the same for the same config (it reads nothing else).
     */
    private static final Map<HostConfig, HostConfig> SHOWN = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<HostConfig, HostConfig> eldest) {
                    return size() > 64;
                }
            });

    /** For inspect: the LogConfig recorded at create (rows from before it was recorded show the default driver). */
    static HostConfig inForce(HostConfig requested) {
        HostConfig shown = requested == null ? null : SHOWN.get(requested);
        if (shown != null) return shown;
        LogConfig recorded = requested == null ? null : requested.logConfig();
        boolean unset = recorded == null || recorded.type() == null || recorded.type().isEmpty();
        shown = inForce(requested, unset ? LogPolicy.DAEMON_DEFAULT : recorded);
        if (requested != null) SHOWN.put(requested, shown);
        return shown;
    }

    /** At create: {@code logConfig} is the request's merged with the daemon's defaults (ContainerLogs.merge). */
    static HostConfig inForce(HostConfig requested, LogConfig logConfig) {
        HostConfig h = requested == null ? HostConfig.empty() : requested;
        ObjectNode n = Json.mapper().valueToTree(h);
        for (String k : ZERO_NUMBERS) if (isNull(n, k)) n.put(k, 0);
        for (String k : EMPTY_STRINGS) if (isNull(n, k)) n.put(k, "");
        for (String k : FALSE) if (isNull(n, k)) n.put(k, false);
        n.set("LogConfig", Json.mapper().valueToTree(logConfig));
        String network = h.networkMode();
        if (network == null || network.isEmpty() || network.equals("default")) n.put("NetworkMode", "none");
        if (h.restartPolicy() == null || h.restartPolicy().name() == null || h.restartPolicy().name().isEmpty()) {
            n.set("RestartPolicy", Json.mapper().createObjectNode().put("Name", "no").put("MaximumRetryCount", 0));
        } else if (h.restartPolicy().maximumRetryCount() == null) {
            ((ObjectNode) n.get("RestartPolicy")).put("MaximumRetryCount", 0);
        }
        if (isNull(n, "ConsoleSize")) n.set("ConsoleSize", Json.mapper().createArrayNode().add(0).add(0));
        if (isEmpty(n, "CgroupnsMode")) n.put("CgroupnsMode", CGROUPNS_DEFAULT);
        if (isEmpty(n, "IpcMode")) n.put("IpcMode", "private");
        if (isNull(n, "ShmSize") || n.get("ShmSize").asLong() == 0) n.put("ShmSize", Confinement.DEFAULT_SHM_SIZE);
        if (isEmpty(n, "Runtime")) n.put("Runtime", "runc");
        if (h.pidsLimit() != null && h.pidsLimit() <= 0) n.putNull("PidsLimit");
        if (!h.runsPrivileged()) {
            if (h.maskedPaths() == null) n.set("MaskedPaths", Json.mapper().valueToTree(OciSpecBuilder.MASKED_PATHS));
            if (h.readonlyPaths() == null) {
                n.set("ReadonlyPaths", Json.mapper().valueToTree(OciSpecBuilder.READONLY_PATHS));
            }
        }
        try {
            return Json.mapper().treeToValue(n, HostConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("host config does not map back onto itself", e);
        }
    }

    private static boolean isNull(ObjectNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull();
    }

    private static boolean isEmpty(ObjectNode n, String key) {
        return isNull(n, key) || n.get(key).asText().isEmpty();
    }
}
