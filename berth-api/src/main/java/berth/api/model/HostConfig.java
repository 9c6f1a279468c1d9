package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * "HostConfig" of {@code POST /containers/create} and of container inspect, with every key of moby's Go type at API
 * 1.50 in its order. Decoding keeps what the client sent (null where it sent nothing); whether a value is accepted is
 * decided from the raw request by the engine's create policy, and inspect shows the values in force. Serialised with
 * every key present, nulls included, as Docker does, except the keys Docker leaves out when empty.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HostConfig(
        List<String> binds,
        String containerIDFile,
        LogConfig logConfig,
        String networkMode,
        Map<String, Object> portBindings,
        RestartPolicy restartPolicy,
        Boolean autoRemove,
        String volumeDriver,
        List<String> volumesFrom,
        List<Integer> consoleSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> annotations,
        List<String> capAdd,
        List<String> capDrop,
        String cgroupnsMode,
        List<String> dns,
        List<String> dnsOptions,
        List<String> dnsSearch,
        List<String> extraHosts,
        List<String> groupAdd,
        String ipcMode,
        String cgroup,
        List<String> links,
        Integer oomScoreAdj,
        String pidMode,
        Boolean privileged,
        Boolean publishAllPorts,
        Boolean readonlyRootfs,
        List<String> securityOpt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> storageOpt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tmpfs,
        @JsonProperty("UTSMode") String utsMode,
        String usernsMode,
        Long shmSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> sysctls,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String runtime,
        String isolation,
        Long cpuShares,
        Long memory,
        Long nanoCpus,
        String cgroupParent,
        Integer blkioWeight,
        List<Object> blkioWeightDevice,
        List<Object> blkioDeviceReadBps,
        List<Object> blkioDeviceWriteBps,
        List<Object> blkioDeviceReadIOps,
        List<Object> blkioDeviceWriteIOps,
        Long cpuPeriod,
        Long cpuQuota,
        Long cpuRealtimePeriod,
        Long cpuRealtimeRuntime,
        String cpusetCpus,
        String cpusetMems,
        List<Object> devices,
        List<String> deviceCgroupRules,
        List<Object> deviceRequests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) Long kernelMemoryTCP,
        Long memoryReservation,
        Long memorySwap,
        Long memorySwappiness,
        Boolean oomKillDisable,
        Long pidsLimit,
        List<Object> ulimits,
        Long cpuCount,
        Long cpuPercent,
        @JsonProperty("IOMaximumIOps") Long ioMaximumIOps,
        @JsonProperty("IOMaximumBandwidth") Long ioMaximumBandwidth,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Object> mounts,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean init) {

    private static final HostConfig EMPTY = berth.api.Json.mapper().convertValue(Map.of(), HostConfig.class);

    /** The fields Berth's first release knew, in their old order; the rest null. */
    public HostConfig(List<String> binds, String networkMode, Map<String, Object> portBindings,
                      RestartPolicy restartPolicy, Boolean autoRemove, Boolean privileged, Boolean readonlyRootfs,
                      List<String> capAdd, List<String> capDrop, List<String> dns, List<String> extraHosts,
                      String ipcMode, String pidMode, String utsMode, LogConfig logConfig, Long memory, Long nanoCpus,
                      Long cpuShares, Long pidsLimit, Boolean init, List<Integer> consoleSize) {
        this(binds, null, logConfig, networkMode, portBindings, restartPolicy, autoRemove, null, null, consoleSize,
                null, capAdd, capDrop, null, dns, null, null, extraHosts, null, ipcMode, null, null, null, pidMode,
                privileged, null, readonlyRootfs, null, null, null, utsMode, null, null, null, null, null, cpuShares,
                memory, nanoCpus, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, pidsLimit, null, null, null, null, null, null, null, null,
                init);
    }

    /** Every field null: what a create request without HostConfig means. */
    public static HostConfig empty() {
        return EMPTY;
    }

    // helpers are not named isX(): Jackson would take them for the properties' getters and write false for null

    public boolean isAutoRemove() {
        return Boolean.TRUE.equals(autoRemove);
    }

    public boolean runsPrivileged() {
        return Boolean.TRUE.equals(privileged);
    }

    public boolean hasReadonlyRootfs() {
        return Boolean.TRUE.equals(readonlyRootfs);
    }

    public boolean runsInit() {
        return Boolean.TRUE.equals(init);
    }
}
