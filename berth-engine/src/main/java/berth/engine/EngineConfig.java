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
public record EngineConfig(Path dataRoot, Path execRoot, boolean debug, Path runc, Path conmon, LogConfig logDefaults,
                           NetworkConfig network, RegistryConfig registry) {

    public static EngineConfig of(Path dataRoot, Path execRoot, Set<String> insecureRegistries, boolean debug) {
        return new EngineConfig(dataRoot, execRoot, debug,
                Path.of(env("BERTH_RUNC", "/usr/sbin/runc")), Path.of(env("BERTH_CONMON", "/usr/bin/conmon")),
                LogPolicy.DAEMON_DEFAULT, NetworkConfig.defaults(execRoot), new RegistryConfig(insecureRegistries));
    }

    /** daemon.json's log-driver and log-opts (checked with {@link LogPolicy#daemonDefault}): new containers' default. */
    public EngineConfig withLogDefaults(LogConfig defaults) {
        return new EngineConfig(dataRoot, execRoot, debug, runc, conmon, defaults, network, registry);
    }

    /** The log driver containers get when they name none: what /info reports as LoggingDriver. */
    public String defaultLogDriver() {
        return logDefaults.type();
    }

    /** The default bridge, address pools and binaries of networking (daemon.json's bip, bridge, default-address-pools). */
    public EngineConfig withNetwork(NetworkConfig n) {
        return new EngineConfig(dataRoot, execRoot, debug, runc, conmon, logDefaults, n, registry);
    }

    /** How to reach registries: insecure ones, timeouts, docker.io mirrors, TLS settings, transfers at once. */
    public EngineConfig withRegistry(RegistryConfig r) {
        return new EngineConfig(dataRoot, execRoot, debug, runc, conmon, logDefaults, network, r);
    }

    /** The address blocks whose registries are insecure: loopback always, then the configured CIDRs. */
    public java.util.List<String> insecureRegistryCidrs() {
        return registry.insecureCidrs();
    }

    /** The insecure registries configured by name (host or host:port). */
    public java.util.List<String> insecureRegistryNames() {
        return registry.insecureNames();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
