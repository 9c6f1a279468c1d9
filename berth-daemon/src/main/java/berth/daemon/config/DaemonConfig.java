package berth.daemon.config;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.LogConfig;
import berth.daemon.log.Log;
import berth.engine.container.LogPolicy;
import berth.engine.network.NetworkConfig;
import berth.engine.network.Subnet;
import berth.engine.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * berthd's effective configuration: flags merged with daemon.json. As in dockerd, a setting may come from either
 * place but not both; defaults apply to what neither sets. The default socket and pidfile live under the exec root,
 * so that a daemon started with only {@code --exec-root} is isolated from the system one.
 */
public record DaemonConfig(List<Host> hosts, Path dataRoot, Path execRoot, boolean debug, Log.Level logLevel,
                           Set<String> insecureRegistries, Path pidFile, LogConfig logConfig,
                           RegistryConfig.Timeouts registryTimeouts, Tls tls, NetworkConfig network,
                           List<java.net.URI> registryMirrors, Path certsDir, RegistryConfig.Transfers transfers,
                           DashboardSettings dashboard) {
    static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    static final Path DEFAULT_EXEC_ROOT = Path.of("/run/berth");

    public static DaemonConfig load(Flags flags) throws ConfigException {
        return merge(flags.values(), DaemonJson.read(flags.configFile(), flags.configFileGiven()), flags.configFile());
    }

    static DaemonConfig merge(Map<String, Object> flags, Map<String, Object> file, Path configFile) throws ConfigException {
        List<String> conflicts = new ArrayList<>();
        for (String key : flags.keySet()) {
            if (file.containsKey(key)) {
                conflicts.add(key + ": (from flag: " + goFormat(flags.get(key)) + ", from file: " + goFormat(file.get(key)) + ")");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConfigException("unable to configure the Docker daemon with file " + configFile
                    + ": the following directives are specified both as a flag and in the configuration file: "
                    + String.join(", ", conflicts));
        }
        Settings s = new Settings(flags, file);
        Path execRoot = s.path("exec-root", DEFAULT_EXEC_ROOT);
        boolean debug = s.bool("debug");
        Log.Level level = debug ? Log.Level.DEBUG : logLevel(s.string("log-level", "info"));
        List<Host> hosts = new ArrayList<>();
        for (String h : s.list("hosts")) hosts.add(Host.parse(h));
        if (hosts.isEmpty()) hosts.add(new Host.Unix(execRoot.resolve("berth.sock")));
        Tls tls = Tls.resolve((Boolean) s.get("tls"), (Boolean) s.get("tlsverify"), s.path("tlscacert", null),
                s.path("tlscert", null), s.path("tlskey", null), hosts);
        return new DaemonConfig(List.copyOf(hosts), s.path("data-root", DEFAULT_DATA_ROOT), execRoot, debug, level,
                insecure(s), s.path("pidfile", execRoot.resolve("berthd.pid")),
                logConfig(s), registryTimeouts(s), tls, network(s, execRoot), mirrors(s),
                s.path("certs-dir", RegistryConfig.DEFAULT_CERTS_DIR), transfers(s),
                DashboardSettings.of(s.get(DashboardSettings.ENABLED), s.get(DashboardSettings.PORT)));
    }

    /** Everything the registry client needs: insecure registries, timeouts, mirrors, TLS settings, transfers. */
    public RegistryConfig registry() {
        return new RegistryConfig(insecureRegistries, registryTimeouts, registryMirrors, certsDir, transfers);
    }

    private static RegistryConfig.Transfers transfers(Settings s) throws ConfigException {
        RegistryConfig.Transfers d = RegistryConfig.Transfers.DEFAULT;
        return new RegistryConfig.Transfers(s.count("max-concurrent-downloads", d.downloads()),
                s.count("max-concurrent-uploads", d.uploads()));
    }

    /** insecure-registries: host[:port] names or CIDRs; a malformed CIDR stops berthd at start. */
    private static Set<String> insecure(Settings s) throws ConfigException {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : s.list("insecure-registries")) {
            String e = entry.strip();
            if (e.contains("://")) e = e.substring(e.indexOf("://") + 3); // dockerd accepts and strips a scheme
            if (e.endsWith("/")) e = e.substring(0, e.length() - 1);
            if (e.isEmpty() || (e.contains("/") && !RegistryConfig.isCidr(e))) {
                throw new ConfigException("insecure registry " + entry + " is not a valid host[:port] or CIDR");
            }
            out.add(e);
        }
        return out;
    }

    /** registry-mirrors, checked now: a bad URL stops berthd at start, as dockerd does. */
    private static List<java.net.URI> mirrors(Settings s) throws ConfigException {
        List<java.net.URI> out = new ArrayList<>();
        for (String m : s.list("registry-mirrors")) {
            try {
                out.add(RegistryConfig.parseMirror(m));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Containers' default log driver and options, checked now so that a bad setting stops berthd at start. */
    @SuppressWarnings("unchecked") // log-opts: a Map<String, String> from DaemonJson, key=value strings from Flags
    private static LogConfig logConfig(Settings s) throws ConfigException {
        Object opts = s.get("log-opts");
        Map<String, String> map = new java.util.LinkedHashMap<>();
        if (opts instanceof Map<?, ?> m) map.putAll((Map<String, String>) m);
        if (opts instanceof List<?> l) {
            for (String kv : (List<String>) l) {
                int eq = kv.indexOf('=');
                map.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        try {
            return LogPolicy.daemonDefault(s.string("log-driver", null), map);
        } catch (InvalidArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** bip, bridge and default-address-pools, checked now: a bad value stops berthd at start, as dockerd does. */
    private static NetworkConfig network(Settings s, Path execRoot) throws ConfigException {
        String bip = s.string("bip", null);
        String bridge = s.string("bridge", null);
        List<NetworkConfig.AddressPool> pools = new ArrayList<>();
        try {
            if (bip != null) {
                if (!bip.contains("/") || !Subnet.isAddress(bip.substring(0, bip.indexOf('/')))) {
                    throw new ConfigException("invalid bip: " + bip + " (expected an address with a prefix, 172.17.0.1/16)");
                }
                Subnet.parse(bip);
            }
            for (String p : s.list("default-address-pools")) pools.add(pool(p));
        } catch (InvalidArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (bridge != null && !bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new ConfigException("invalid bridge name: " + bridge);
        }
        return NetworkConfig.defaults(execRoot).withBridge(bridge, bip).withPools(pools);
    }

    /** "base=10.10.0.0/16,size=24" (the flag's form; daemon.json's objects are read into it). */
    private static NetworkConfig.AddressPool pool(String text) throws ConfigException {
        String base = null;
        Integer size = null;
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq).strip();
            String v = eq < 0 ? "" : kv.substring(eq + 1).strip();
            if (k.equals("base")) base = v;
            else if (k.equals("size")) {
                try {
                    size = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new ConfigException("invalid default-address-pools size: " + v);
                }
            } else throw new ConfigException("invalid default-address-pools field: " + k);
        }
        if (base == null || size == null) throw new ConfigException("default-address-pools needs base and size: " + text);
        Subnet b = Subnet.parse(base);
        if (size < b.prefix() || size > 30) {
            throw new ConfigException("invalid default-address-pools size " + size + " for base " + base);
        }
        return new NetworkConfig.AddressPool(b.toString(), size);
    }

    private static RegistryConfig.Timeouts registryTimeouts(Settings s) {
        RegistryConfig.Timeouts d = RegistryConfig.Timeouts.DEFAULT;
        return new RegistryConfig.Timeouts(s.seconds("registry-connect-timeout", d.connect()),
                s.seconds("registry-response-timeout", d.response()), s.seconds("registry-stall-timeout", d.stall()));
    }

    private static Log.Level logLevel(String text) throws ConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "debug" -> Log.Level.DEBUG;
            case "info" -> Log.Level.INFO;
            case "warn", "warning" -> Log.Level.WARN;
            case "error", "fatal", "panic" -> Log.Level.ERROR;
            default -> throw new ConfigException("unable to parse logging level: " + text);
        };
    }

    /** Go's %v: lists print as [a b], which is how dockerd shows conflicting values. */
    private static String goFormat(Object value) {
        if (value instanceof List<?> list) return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        return String.valueOf(value);
    }

    /** Looks a key up in the flags, then the file (they never both hold it after the conflict check). */
    private record Settings(Map<String, Object> flags, Map<String, Object> file) {
        Object get(String key) {
            return flags.containsKey(key) ? flags.get(key) : file.get(key);
        }

        String string(String key, String fallback) {
            Object v = get(key);
            return v == null ? fallback : (String) v;
        }

        Path path(String key, Path fallback) {
            Object v = get(key);
            return v == null ? fallback : Path.of((String) v).toAbsolutePath().normalize();
        }

        int count(String key, int fallback) throws ConfigException {
            Object v = get(key);
            if (v == null) return fallback;
            int n = v instanceof Integer i ? i : parseCount(key, v.toString());
            if (n < 1) throw new ConfigException("invalid " + key + ": " + n + " (at least 1)");
            return n;
        }

        private static int parseCount(String key, String text) throws ConfigException {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid " + key + ": " + text);
            }
        }

        java.time.Duration seconds(String key, java.time.Duration fallback) {
            Object v = get(key);
            return v == null ? fallback : java.time.Duration.ofSeconds((Integer) v);
        }

        boolean bool(String key) {
            return Boolean.TRUE.equals(get(key));
        }

        @SuppressWarnings("unchecked") // lists are always List<String>, built by Flags and DaemonJson
        List<String> list(String key) {
            Object v = get(key);
            return v == null ? List.of() : (List<String>) v;
        }
    }
}
