package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats}, with the snake_case keys of Docker's StatsResponse. {@code preread}
 * and {@code precpu_stats} are the sample before this one, from which clients compute the CPU percentage.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerStats(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") PidsStats pidsStats,
        @JsonProperty("blkio_stats") BlkioStats blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("storage_stats") Map<String, Object> storageStats,
        @JsonProperty("cpu_stats") CpuStats cpuStats,
        @JsonProperty("precpu_stats") CpuStats precpuStats,
        @JsonProperty("memory_stats") MemoryStats memoryStats,
        @JsonProperty("networks") Map<String, NetworkStats> networks) {

    public record PidsStats(@JsonProperty("current") Long current,
                            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("limit") Long limit) {}

    /** Docker writes every list, null when the kernel gave nothing. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BlkioStats(
            @JsonProperty("io_service_bytes_recursive") List<BlkioEntry> ioServiceBytesRecursive,
            @JsonProperty("io_serviced_recursive") List<BlkioEntry> ioServicedRecursive,
            @JsonProperty("io_queue_recursive") List<BlkioEntry> ioQueueRecursive,
            @JsonProperty("io_service_time_recursive") List<BlkioEntry> ioServiceTimeRecursive,
            @JsonProperty("io_wait_time_recursive") List<BlkioEntry> ioWaitTimeRecursive,
            @JsonProperty("io_merged_recursive") List<BlkioEntry> ioMergedRecursive,
            @JsonProperty("io_time_recursive") List<BlkioEntry> ioTimeRecursive,
            @JsonProperty("sectors_recursive") List<BlkioEntry> sectorsRecursive) {

        public static BlkioStats of(List<BlkioEntry> bytes, List<BlkioEntry> ios) {
            return new BlkioStats(bytes, ios, null, null, null, null, null, null);
        }
    }

    public record BlkioEntry(@JsonProperty("major") long major, @JsonProperty("minor") long minor,
                             @JsonProperty("op") String op, @JsonProperty("value") long value) {}

    public record CpuStats(@JsonProperty("cpu_usage") CpuUsage cpuUsage,
                           @JsonProperty("system_cpu_usage") Long systemCpuUsage,
                           @JsonProperty("online_cpus") Integer onlineCpus,
                           @JsonProperty("throttling_data") ThrottlingData throttlingData) {

        /** What Docker sends as precpu_stats when there is no earlier sample. */
        public static CpuStats empty() {
            return new CpuStats(new CpuUsage(0, null, 0, 0), null, null, new ThrottlingData(0, 0, 0));
        }
    }

    public record CpuUsage(@JsonProperty("total_usage") long totalUsage,
                           @JsonProperty("percpu_usage") List<Long> percpuUsage,
                           @JsonProperty("usage_in_kernelmode") long usageInKernelmode,
                           @JsonProperty("usage_in_usermode") long usageInUsermode) {}

    public record ThrottlingData(@JsonProperty("periods") long periods,
                                 @JsonProperty("throttled_periods") long throttledPeriods,
                                 @JsonProperty("throttled_time") long throttledTime) {}

    public record MemoryStats(@JsonProperty("usage") Long usage,
                              @JsonProperty("max_usage") Long maxUsage,
                              @JsonProperty("stats") Map<String, Long> stats,
                              @JsonProperty("failcnt") Long failcnt,
                              @JsonProperty("limit") Long limit) {}

    public record NetworkStats(@JsonProperty("rx_bytes") long rxBytes, @JsonProperty("rx_packets") long rxPackets,
                               @JsonProperty("rx_errors") long rxErrors, @JsonProperty("rx_dropped") long rxDropped,
                               @JsonProperty("tx_bytes") long txBytes, @JsonProperty("tx_packets") long txPackets,
                               @JsonProperty("tx_errors") long txErrors, @JsonProperty("tx_dropped") long txDropped) {}
}
