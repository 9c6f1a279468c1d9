package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a container's output is kept: the log driver and its rotation bounds, read from {@code HostConfig.LogConfig}.
 *
 * <p>{@code json-file} and {@code local} are both kept by Berth's own log store (conmon's k8s-file format, rotated as
 * {@code ctr.log}, {@code ctr.log.1}, ...); {@code none} keeps nothing. The store is always bounded: without
 * {@code max-size} a file holds {@value #DEFAULT_MAX_SIZE} bytes (Docker's {@code local} default); without
 * {@code max-file} there are {@value #DEFAULT_MAX_FILE} files, except that an explicit {@code max-size} alone on
 * {@code json-file} keeps one file, as Docker's json-file does.
 *
 * <p>The create path calls {@link #merge} and records its result; the start path turns it into conmon's arguments
 * with {@link #of}. Every refusal carries Docker's message where Docker has one.
 *
 * @param maxSize bytes per file (0 for {@code none})
 * @param maxFile files kept, the one being written included (0 for {@code none})
 */
public record LogPolicy(String driver, long maxSize, int maxFile) {
    public static final String JSON_FILE = "json-file";
    public static final String LOCAL = "local";
    public static final String NONE = "none";
    public static final long DEFAULT_MAX_SIZE = 20L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILE = 5;

    /** The daemon's default when daemon.json names no log driver: json-file with the bounds above. */
    public static final LogConfig DAEMON_DEFAULT = new LogConfig(JSON_FILE, Map.of());

    private static final Set<String> DRIVERS = Set.of(JSON_FILE, LOCAL, NONE);
    /** Drivers built into dockerd that Berth does not have. */
    private static final Set<String> DOCKER_DRIVERS = Set.of("awslogs", "etwlogs", "fluentd", "gcplogs", "gelf",
            "journald", "logentries", "splunk", "syslog");
    /** dockerd checks option values when it starts the container's logger, and says so. */
    private static final String VALUE_ERROR = "failed to initialize logging driver: ";
    /** Options Docker's json-file and local drivers accept that have no effect in Berth's store: refused. */
    private static final Set<String> UNSUPPORTED = Set.of("tag", "labels", "labels-regex", "env", "env-regex");

    /** True when {@code docker logs} can read the container's output back. */
    public boolean keepsLog() {
        return !driver.equals(NONE);
    }

    /**
     * daemon.json's {@code log-driver} and {@code log-opts} as the default for new containers; null or empty parts
     * fall back to {@link #DAEMON_DEFAULT}. Invalid values throw with dockerd's start-up message.
     */
    public static LogConfig daemonDefault(String driver, Map<String, String> opts) {
        String type = driver == null || driver.isEmpty() ? JSON_FILE : driver;
        LogConfig config = new LogConfig(type, opts == null ? Map.of() : Map.copyOf(opts));
        try {
            of(config);
        } catch (InvalidArgumentException e) {
            String message = e.getMessage().startsWith(VALUE_ERROR) ? e.getMessage().substring(VALUE_ERROR.length())
                    : e.getMessage();
            throw new InvalidArgumentException(opts == null || opts.isEmpty() ? message : "failed to set log opts: " + message);
        }
        return config;
    }

    /**
     * Docker's create-time rule: an empty type takes the daemon's driver, and a container using the daemon's driver
     * takes the daemon's options for the keys it does not set. Returns the configuration to record (and show in
     * inspect); throws InvalidArgumentException when it cannot be applied.
     */
    public static LogConfig merge(LogConfig requested, LogConfig daemonDefault) {
        LogConfig base = daemonDefault == null ? DAEMON_DEFAULT : daemonDefault;
        String type = requested == null || requested.type() == null || requested.type().isEmpty()
                ? base.type() : requested.type();
        Map<String, String> config = new LinkedHashMap<>();
        if (requested != null && requested.config() != null) config.putAll(requested.config());
        if (type.equals(base.type()) && base.config() != null) base.config().forEach(config::putIfAbsent);
        LogConfig merged = new LogConfig(type, config);
        of(merged);
        return merged;
    }

    /** The policy a merged configuration stands for; throws InvalidArgumentException as {@link #merge} does. */
    public static LogPolicy of(LogConfig config) {
        String driver = config == null || config.type() == null || config.type().isEmpty() ? JSON_FILE : config.type();
        if (!DRIVERS.contains(driver)) {
            if (DOCKER_DRIVERS.contains(driver)) {
                throw new InvalidArgumentException("log driver '" + driver + "' is not supported by Berth "
                        + "(json-file, local and none are)");
            }
            // dockerd looks an unknown name up as a logging plugin
            throw new InvalidArgumentException("error looking up logging plugin " + driver + ": plugin \"" + driver
                    + "\" not found");
        }
        if (driver.equals(NONE)) return new LogPolicy(NONE, 0, 0); // dockerd ignores every option of "none"
        Map<String, String> opts = new TreeMap<>(config.config() == null ? Map.of() : config.config());
        checkMode(driver, opts);
        Long maxSize = null;
        Integer maxFile = null;
        for (Map.Entry<String, String> e : opts.entrySet()) {
            String value = e.getValue() == null ? "" : e.getValue();
            switch (e.getKey()) {
                case "mode", "max-buffer-size" -> { } // checked above
                case "max-size" -> maxSize = maxSize(driver, value);
                case "max-file" -> maxFile = maxFile(driver, value);
                case "compress" -> {
                    if (parseBool(driver, value)) throw unsupported(driver, "compress=true");
                }
                default -> {
                    if (UNSUPPORTED.contains(e.getKey())) throw unsupported(driver, e.getKey());
                    throw new InvalidArgumentException(driver.equals(JSON_FILE)
                            ? "unknown log opt '" + e.getKey() + "' for json-file log driver"
                            : "unknown log opt '" + e.getKey() + "' for log driver " + driver);
                }
            }
        }
        long size = maxSize != null ? maxSize : DEFAULT_MAX_SIZE;
        int files = maxFile != null ? maxFile
                : driver.equals(JSON_FILE) && maxSize != null ? 1 : DEFAULT_MAX_FILE;
        return new LogPolicy(driver, size, files);
    }

    /** Blocking is what conmon does (it writes each read before reading more); dropping output is not offered. */
    private static void checkMode(String driver, Map<String, String> opts) {
        String mode = opts.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw new InvalidArgumentException("logger: logging mode not supported: " + mode);
        }
        if (opts.containsKey("max-buffer-size") && !mode.equals("non-blocking")) {
            throw new InvalidArgumentException("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
        }
        if (mode.equals("non-blocking")) throw unsupported(driver, "mode=non-blocking");
    }

    private static long maxSize(String driver, String value) {
        long size;
        try {
            size = DecimalSize.parse(value);
        } catch (IllegalArgumentException e) {
            throw valueError(driver.equals(LOCAL) ? "invalid value for max-size: " + value + ": " + e.getMessage()
                    : e.getMessage());
        }
        if (size <= 0) throw valueError("max-size must be a positive number");
        return size;
    }

    private static int maxFile(String driver, String value) {
        int files;
        try {
            files = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            String reason = value.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
            String go = "strconv.Atoi: parsing \"" + value + "\": " + reason;
            throw valueError(driver.equals(LOCAL) ? "invalid value for max-file: " + value + ": " + go : go);
        }
        if (files < 1) throw valueError("max-file cannot be less than 1");
        return files;
    }

    private static boolean parseBool(String driver, String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> {
                String go = "strconv.ParseBool: parsing \"" + value + "\": invalid syntax";
                throw valueError(driver.equals(LOCAL) ? "invalid boolean value for compress: " + go : go);
            }
        };
    }

    private static InvalidArgumentException valueError(String message) {
        return new InvalidArgumentException(VALUE_ERROR + message);
    }

    private static InvalidArgumentException unsupported(String driver, String opt) {
        return new InvalidArgumentException("log opt '" + opt + "' is not supported by Berth's " + driver + " log driver");
    }
}
