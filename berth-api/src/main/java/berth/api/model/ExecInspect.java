package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /exec/{id}/json}, with Docker's keys: {@code ExitCode} is null until the process has ended, {@code Pid}
 * is 0 until it has started.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExecInspect(
        boolean canRemove,
        @JsonProperty("ContainerID") String containerId,
        String detachKeys,
        Integer exitCode,
        @JsonProperty("ID") String id,
        boolean openStderr,
        boolean openStdin,
        boolean openStdout,
        ProcessConfig processConfig,
        boolean running,
        int pid) {

    /** The exec's command as Docker reports it; lower-case keys, {@code user} and {@code privileged} as given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessConfig(
            @JsonProperty("arguments") java.util.List<String> arguments,
            @JsonProperty("entrypoint") String entrypoint,
            @JsonProperty("privileged") Boolean privileged,
            @JsonProperty("tty") boolean tty,
            @JsonProperty("user") String user) {}
}
