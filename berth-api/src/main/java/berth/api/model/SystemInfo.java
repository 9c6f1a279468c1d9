package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /info}: Docker's keys, each value read from the host, the store or the configuration. A value Berth
 * cannot know is null and left out of the JSON rather than guessed.
 */
public record SystemInfo(
        @JsonProperty("ID") String id,
        int containers,
        int containersRunning,
        int containersPaused,
        int containersStopped,
        int images,
        String driver,
        List<List<String>> driverStatus,
        boolean memoryLimit,
        boolean swapLimit,
        boolean kernelMemory,
        @JsonProperty("KernelMemoryTCP") boolean kernelMemoryTcp,
        boolean cpuCfsPeriod,
        boolean cpuCfsQuota,
        @JsonProperty("CPUShares") boolean cpuShares,
        @JsonProperty("CPUSet") boolean cpuSet,
        boolean pidsLimit,
        boolean oomKillDisable,
        @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
        boolean bridgeNfIptables,
        boolean bridgeNfIp6tables,
        boolean debug,
        @JsonProperty("NFd") int nfd,
        int nGoroutines,
        String systemTime,
        String loggingDriver,
        String cgroupDriver,
        String cgroupVersion,
        int nEventsListener,
        String kernelVersion,
        String operatingSystem,
        @JsonProperty("OSVersion") String osVersion,
        @JsonProperty("OSType") String osType,
        String architecture,
        @JsonProperty("NCPU") int ncpu,
        long memTotal,
        String indexServerAddress,
        RegistryConfig registryConfig,
        String dockerRootDir,
        String name,
        List<String> labels,
        boolean experimentalBuild,
        String serverVersion,
        Map<String, Runtime> runtimes,
        String defaultRuntime,
        Map<String, Object> swarm,
        boolean liveRestoreEnabled,
        String initBinary,
        Commit runcCommit,
        Commit initCommit,
        List<String> securityOptions,
        List<String> warnings,
        Map<String, List<String>> plugins) {

    /** A helper binary's commit; {@code Expected} is what the daemon was built against, which Berth does not pin. */
    public record Commit(@JsonProperty("ID") String id) {}

    public record Runtime(@JsonProperty("path") String path) {}

    public record RegistryConfig(
            @JsonProperty("InsecureRegistryCIDRs") List<String> insecureRegistryCidrs,
            Map<String, IndexInfo> indexConfigs,
            List<String> mirrors) {}

    public record IndexInfo(String name, List<String> mirrors, boolean secure, boolean official) {}
}
