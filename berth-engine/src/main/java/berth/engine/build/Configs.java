package berth.engine.build;

import berth.api.model.ContainerConfig;
import berth.api.model.HealthConfig;
import java.util.List;
import java.util.Map;

/** Copies of an image's config with one field changed: what each metadata instruction does. */
final class Configs {
    private Configs() {}

    static ContainerConfig withUser(ContainerConfig c, String value) {
        return new ContainerConfig(c.hostname(), c.domainname(), value, c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withExposedPorts(ContainerConfig c, Map<String, Object> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), value, c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withEnv(ContainerConfig c, List<String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), value, c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withCmd(ContainerConfig c, List<String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), value, c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withVolumes(ContainerConfig c, Map<String, Object> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), value, c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withWorkingDir(ContainerConfig c, String value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), value, c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withEntrypoint(ContainerConfig c, List<String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), value, c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withOnBuild(ContainerConfig c, List<String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), value, c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withLabels(ContainerConfig c, Map<String, String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), value, c.stopSignal(), c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withStopSignal(ContainerConfig c, String value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), value, c.stopTimeout(), c.shell(), c.healthcheck());
    }

    static ContainerConfig withShell(ContainerConfig c, List<String> value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), value, c.healthcheck());
    }

    static ContainerConfig withHealthcheck(ContainerConfig c, HealthConfig value) {
        return new ContainerConfig(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(), c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell(), value);
    }
}
