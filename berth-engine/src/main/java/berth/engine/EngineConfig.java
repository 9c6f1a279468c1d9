package berth.engine;

import berth.api.model.LogConfig;
import berth.engine.container.LogPolicy;
import berth.engine.network.NetworkConfig;
import berth.engine.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the engine needs from the daemon's configuration. {@code runc} and {@code conmon} are binary paths
 * (defaults: Debian's /usr/sbin/runc and /usr/bin/conmon; the BERTH_RUNC and BERTH_CONMON environment variables
 * override them, which is how fault-injection tests put a wrapper in front of runc).
 */
public record EngineConfig(Path dataRoot, Path execRoot, Set<String> insecureRegistries, boolean debug, Path runc,
                           Path conmon, LogConfig logDefaults, RegistryConfig.Timeouts registryTimeouts,
                           NetworkConfig network, java.util.List<java.net.URI> registryMirrors, Path registryCertsDir) {

    public static EngineConfig of(Path dataRoot, Path execRoot, Set<String> insecureRegistries, boolean debug) {
        return new EngineConfig(dataRoot, execRoot, insecureRegistries, debug,
                Path.of(env("BERTH_RUNC", "/usr/sbin/runc")), Path.of(env("BERTH_CONMON", "/usr/bin/conmon")),
                LogPolicy.DAEMON_DEFAULT, RegistryConfig.Timeouts.DEFAULT, NetworkConfig.defaults(execRoot),
                java.util.List.of(), RegistryConfig.DEFAULT_CERTS_DIR);
    }

    /** daemon.json's log-driver and log-opts (checked with {@link LogPolicy#daemonDefault}): new containers' default. */
    public EngineConfig withLogDefaults(LogConfig defaults) {
        return new EngineConfig(dataRoot, execRoot, insecureRegistries, debug, runc, conmon, defaults, registryTimeouts, network,
                registryMirrors, registryCertsDir);
    }

    /** The log driver containers get when they name none: what /info reports as LoggingDriver. */
    public String defaultLogDriver() {
        return logDefaults.type();
    }

    public EngineConfig withRegistryTimeouts(RegistryConfig.Timeouts timeouts) {
        return new EngineConfig(dataRoot, execRoot, insecureRegistries, debug, runc, conmon, logDefaults, timeouts, network,
                registryMirrors, registryCertsDir);
    }

    /** The default bridge, address pools and binaries of networking (daemon.json's bip, bridge, default-address-pools). */
    public EngineConfig withNetwork(NetworkConfig n) {
        return new EngineConfig(dataRoot, execRoot, insecureRegistries, debug, runc, conmon, logDefaults,
                registryTimeouts, n, registryMirrors, registryCertsDir);
    }

    /** daemon.json's registry-mirrors (for docker.io) and certs-dir (TLS settings per registry). */
    public EngineConfig withRegistryAccess(java.util.List<java.net.URI> mirrors, Path certsDir) {
        return new EngineConfig(dataRoot, execRoot, insecureRegistries, debug, runc, conmon, logDefaults,
                registryTimeouts, network, java.util.List.copyOf(mirrors), certsDir);
    }

    /** The address blocks whose registries are insecure: loopback always, then the configured CIDRs. */
    public java.util.List<String> insecureRegistryCidrs() {
        return registry().insecureCidrs();
    }

    /** The insecure registries configured by name (host or host:port). */
    public java.util.List<String> insecureRegistryNames() {
        return registry().insecureNames();
    }

    /** Everything the registry client needs from the configuration. */
    public RegistryConfig registry() {
        return new RegistryConfig(insecureRegistries, registryTimeouts, registryMirrors, registryCertsDir);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
