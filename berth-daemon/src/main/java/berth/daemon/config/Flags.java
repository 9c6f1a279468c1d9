package berth.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * berthd's command line. Each option is recorded under its daemon.json key, so that a key given both as a flag
 * and in the file can be reported as dockerd does.
 */
public record Flags(Map<String, Object> values, Path configFile, boolean configFileGiven, boolean help) {
    static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/berth/daemon.json");

    private enum Kind { STRING, BOOL, LIST }

    private record Option(String key, Kind kind) {}

    private static final Map<String, Option> OPTIONS = Map.ofEntries(
            Map.entry("-H", new Option("hosts", Kind.LIST)),
            Map.entry("--host", new Option("hosts", Kind.LIST)),
            Map.entry("--data-root", new Option("data-root", Kind.STRING)),
            Map.entry("--exec-root", new Option("exec-root", Kind.STRING)),
            Map.entry("-D", new Option("debug", Kind.BOOL)),
            Map.entry("--debug", new Option("debug", Kind.BOOL)),
            Map.entry("-l", new Option("log-level", Kind.STRING)),
            Map.entry("--log-level", new Option("log-level", Kind.STRING)),
            Map.entry("--insecure-registry", new Option("insecure-registries", Kind.LIST)),
            Map.entry("--registry-mirror", new Option("registry-mirrors", Kind.LIST)),
            Map.entry("--certs-dir", new Option("certs-dir", Kind.STRING)),
            Map.entry("--max-concurrent-downloads", new Option("max-concurrent-downloads", Kind.STRING)),
            Map.entry("--max-concurrent-uploads", new Option("max-concurrent-uploads", Kind.STRING)),
            Map.entry("-p", new Option("pidfile", Kind.STRING)),
            Map.entry("--pidfile", new Option("pidfile", Kind.STRING)),
            Map.entry("--log-driver", new Option("log-driver", Kind.STRING)),
            Map.entry("--log-opt", new Option("log-opts", Kind.LIST)),
            Map.entry("--config-file", new Option("config-file", Kind.STRING)),
            Map.entry("--tls", new Option("tls", Kind.BOOL)),
            Map.entry("--tlsverify", new Option("tlsverify", Kind.BOOL)),
            Map.entry("--tlscacert", new Option("tlscacert", Kind.STRING)),
            Map.entry("--tlscert", new Option("tlscert", Kind.STRING)),
            Map.entry("--tlskey", new Option("tlskey", Kind.STRING)),
            Map.entry("--bip", new Option("bip", Kind.STRING)),
            Map.entry("-b", new Option("bridge", Kind.STRING)),
            Map.entry("--bridge", new Option("bridge", Kind.STRING)),
            Map.entry("--default-address-pool", new Option("default-address-pools", Kind.LIST)),
            Map.entry("--dashboard", new Option(DashboardSettings.ENABLED, Kind.BOOL)),
            Map.entry("--dashboard-port", new Option(DashboardSettings.PORT, Kind.STRING)));

    public static final String USAGE = """
            Usage:  berthd [OPTIONS]

            A Docker-compatible container engine daemon

            Options:
              -b, --bridge string             Interface name of the default bridge network (default "berth0")
                  --bip string                Gateway address and subnet of the default bridge, 172.17.0.1/16 (default:
                                              the first of 172.17-31.0.0/16 that no host route uses)
                  --certs-dir string          TLS settings per registry, <dir>/<host:port>/ca.crt, client.cert, client.key
                                              (default "/etc/berth/certs.d")
                  --config-file string        Daemon configuration file (default "/etc/berth/daemon.json")
                  --default-address-pool list Subnets for user-defined networks, base=10.10.0.0/16,size=24
                  --dashboard                 Serve the web dashboard on 127.0.0.1 (default true; --dashboard=false
                                              turns it off)
                  --dashboard-port int        Port of the web dashboard on 127.0.0.1 (default 7380)
                  --data-root string          Root directory of persistent state (default "/var/lib/berth")
              -D, --debug                     Enable debug mode
                  --exec-root string          Root directory for execution state files (default "/run/berth")
              -H, --host list                 Daemon socket(s) to connect to (default unix://<exec-root>/berth.sock)
                  --insecure-registry list    Registry (host:port, host or CIDR) reached over plain HTTP or TLS without
                                              verification
                  --log-driver string         Log driver of containers that name none (default "json-file")
              -l, --log-level string          Set the logging level ("debug"|"info"|"warn"|"error"|"fatal") (default "info")
                  --log-opt map               Default options of that log driver, key=value (max-size, max-file)
                  --max-concurrent-downloads int
                                              Layers one pull downloads at once (default 3)
                  --max-concurrent-uploads int
                                              Layers one push uploads at once (default 5)
              -p, --pidfile string            Path to use for daemon PID file (default "<exec-root>/berthd.pid")
                  --registry-mirror list      Mirror (http[s]://host[:port]) tried before docker.io for its images
                  --tls                       Serve TCP sockets over TLS; implied by --tlsverify
                  --tlscacert string          CA that client certificates must be signed by (default "/etc/berth/ca.pem")
                  --tlscert string            Server certificate, PEM (default "/etc/berth/cert.pem")
                  --tlskey string             Server private key, PEM PKCS#8 (default "/etc/berth/key.pem")
                  --tlsverify                 Serve TLS and require client certificates signed by --tlscacert
            """;

    public static Flags parse(String... args) throws ConfigException {
        Map<String, Object> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 && arg.startsWith("-") ? arg.substring(0, eq) : arg;
            Option option = OPTIONS.get(name);
            if (option == null) {
                throw new ConfigException(arg.startsWith("-") ? "unknown flag: " + name : "berthd takes no arguments, got: " + arg);
            }
            String value;
            if (eq > 0 && arg.startsWith("-")) value = arg.substring(eq + 1);
            else if (option.kind() == Kind.BOOL) value = "true";
            else if (i + 1 < args.length) value = args[++i];
            else throw new ConfigException("flag needs an argument: " + name);
            put(values, option, name, value);
        }
        Object file = values.remove("config-file");
        return new Flags(values, file == null ? DEFAULT_CONFIG_FILE : Path.of((String) file), file != null, help);
    }

    @SuppressWarnings("unchecked") // LIST values are always created here as ArrayList<String>
    private static void put(Map<String, Object> values, Option option, String name, String value) throws ConfigException {
        switch (option.kind()) {
            case STRING -> values.put(option.key(), value);
            case BOOL -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new ConfigException("invalid argument \"" + value + "\" for \"" + name + "\" flag: parse error");
                }
                values.put(option.key(), Boolean.parseBoolean(value));
            }
            case LIST -> ((List<String>) values.computeIfAbsent(option.key(), k -> new ArrayList<String>())).add(value);
        }
    }
}
