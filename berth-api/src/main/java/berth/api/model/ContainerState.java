package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        String finishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Health health) {

    /** A container without a health check (no "Health" key, as Docker leaves it out). */
    public ContainerState(String status, boolean running, boolean paused, boolean restarting, boolean oomKilled,
                          boolean dead, int pid, int exitCode, String error, String startedAt, String finishedAt) {
        this(status, running, paused, restarting, oomKilled, dead, pid, exitCode, error, startedAt, finishedAt, null);
    }
}
