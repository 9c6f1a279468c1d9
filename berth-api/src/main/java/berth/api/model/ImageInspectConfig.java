package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code Config} and {@code ContainerConfig} of image inspect: Docker's container.Config with its whole key set, empty
 * values included ({@code "Env": null}, {@code "Volumes": null}), as typed clients and jq scripts expect them. The
 * keys Go marks omitempty (ExposedPorts, Healthcheck, ArgsEscaped, StopSignal, StopTimeout, Shell) appear only when
 * set: pass null for "not set".
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ImageInspectConfig(
        String hostname,
        String domainname,
        String user,
        boolean attachStdin,
        boolean attachStdout,
        boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> exposedPorts,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        List<String> env,
        List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> healthcheck,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean argsEscaped,
        String image,
        Map<String, Object> volumes,
        String workingDir,
        List<String> entrypoint,
        List<String> onBuild,
        Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> shell) {}
