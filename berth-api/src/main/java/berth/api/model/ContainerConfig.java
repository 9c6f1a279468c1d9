package berth.api.model;

import java.util.List;
import java.util.Map;

/**
 * A container's configuration as the image config and {@code POST /containers/create} carry it
 * ("Config" in inspect). Fields absent from a request are null.
 */
public record ContainerConfig(
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
        HealthConfig healthcheck) {

    /** A config without a health check of its own (the image's, if any, applies). */
    public ContainerConfig(String hostname, String domainname, String user, Boolean attachStdin, Boolean attachStdout,
                           Boolean attachStderr, Map<String, Object> exposedPorts, Boolean tty, Boolean openStdin,
                           Boolean stdinOnce, List<String> env, List<String> cmd, String image,
                           Map<String, Object> volumes, String workingDir, List<String> entrypoint, List<String> onBuild,
                           Map<String, String> labels, String stopSignal, Integer stopTimeout, List<String> shell) {
        this(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin,
                stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, onBuild, labels, stopSignal, stopTimeout,
                shell, null);
    }

    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public ContainerConfig withImage(String image) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                tty, openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, onBuild, labels,
                stopSignal, stopTimeout, shell, healthcheck);
    }

    public ContainerConfig withHealthcheck(HealthConfig h) {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                tty, openStdin, stdinOnce, env, cmd, image, volumes, workingDir, entrypoint, onBuild, labels,
                stopSignal, stopTimeout, shell, h);
    }
}
