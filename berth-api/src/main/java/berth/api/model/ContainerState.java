package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** "State" of container inspect. Times are RFC 3339 with nanoseconds; never-set times are 0001-01-01T00:00:00Z. */
public record ContainerState(
        String status,
        boolean running,
        boolean paused,
        boolean restarting,
        @JsonProperty("OOMKilled") boolean oomKilled,
        boolean dead,
        int pid,
        int exitCode,
        String error,
        String startedAt,
        String finishedAt) {}
