package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One sample of a running container's resource use, as Berth's stats history keeps it ({@code GET
 * /containers/{id}/stats/history}, {@code GET /berth/stats}; Berth's own, not Docker's): when (Unix seconds), CPU in
 * percent of one CPU over the interval before it, memory in use without the page cache, and the counters of network
 * and block I/O since the container started.
 */
public record StatsSample(long time, @JsonProperty("CPUPercent") double cpuPercent, long memoryBytes, long memoryLimit,
                          long netRxBytes, long netTxBytes, long blockReadBytes, long blockWriteBytes) {}
