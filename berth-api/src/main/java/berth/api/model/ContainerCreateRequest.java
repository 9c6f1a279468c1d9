package berth.api.model;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: the fields of {@link ContainerConfig} at the top level,
 * plus HostConfig and NetworkingConfig.
 */
public record ContainerCreateRequest(
        String hostname,
        String domainname,
        String user,
        Boolean attachStdin,
        Boolean attachStdout,
        Boolean attachStderr,
        Map<String, Object> exposedPorts,
        Boolean tty,
        Boolean openStdin,
        Boolean stdinOnce,
        List<String> env,
        List<String> cmd,
        String image,
        Map<String, Object> volumes,
        String workingDir,
        List<String> entrypoint,
        List<String> onBuild,
        Map<String, String> labels,
        String stopSignal,
        Integer stopTimeout,
        List<String> shell,
        HostConfig hostConfig,
        Map<String, Object> networkingConfig,
        HealthConfig healthcheck) {

    public ContainerCreateRequest(String hostname, String domainname, String user, Boolean attachStdin,
                                  Boolean attachStdout, Boolean attachStderr, Map<String, Object> exposedPorts,
                                  Boolean tty, Boolean openStdin, Boolean stdinOnce, List<String> env, List<String> cmd,
                                  String image, Map<String, Object> volumes, String workingDir, List<String> entrypoint,
                                  List<String> onBuild, Map<String, String> labels, String stopSignal,
                                  Integer stopTimeout, List<String> shell, HostConfig hostConfig,
                                  Map<String, Object> networkingConfig) {
        this(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin,
                stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout,
                shell, hostConfig, networkingConfig, null);
    }

    public ContainerConfig config() {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                tty, openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, onBuild, labels,
                stopSignal, stopTimeout, shell, healthcheck);
    }

    public HostConfig hostConfigOrEmpty() {
        return hostConfig == null ? HostConfig.empty() : hostConfig;
    }
}
