package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.api.model.LogConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The log drivers a container may ask for. Berth's own log store keeps the output of {@code json-file} and
 * {@code local} containers and honours {@code max-size}/{@code max-file}; {@code none} keeps nothing. Any other driver,
 * and any other option, is refused at create rather than silently ignored.
 */
final class LogDrivers {
    static final String DEFAULT = "json-file";
    private static final Set<String> DRIVERS = Set.of("json-file", "local", "none");
    private static final Set<String> ROTATION = Set.of("max-size", "max-file");
    /** Options Docker's json-file and local drivers know that Berth does not apply yet. */
    private static final Set<String> KNOWN_UNAPPLIED = Set.of("compress", "labels", "labels-regex", "env", "env-regex",
            "tag", "mode", "max-buffer-size");
    private static final Pattern SIZE = Pattern.compile("-1|\\d+(\\.\\d+)?\\s*([kKmMgGtTpP][iI]?)?[bB]?");

    private LogDrivers() {}

    /** The configuration in force: the default driver when none is named, options as given (validated). */
    static LogConfig validate(LogConfig requested) {
        String type = requested == null || requested.type() == null || requested.type().isEmpty()
                ? DEFAULT : requested.type();
        Map<String, String> options = requested == null || requested.config() == null
                ? Map.of() : requested.config();
        if (!DRIVERS.contains(type)) {
            throw new InvalidArgumentException("logger: no log driver named '" + type + "' is registered");
        }
        for (Map.Entry<String, String> o : options.entrySet()) {
            String key = o.getKey();
            if (type.equals("none") || !(ROTATION.contains(key) || KNOWN_UNAPPLIED.contains(key))) {
                throw new InvalidArgumentException("unknown log opt '" + key + "' for " + type + " log driver");
            }
            if (KNOWN_UNAPPLIED.contains(key)) {
                throw new InvalidArgumentException("log opt '" + key + "' (--log-opt) of the " + type
                        + " log driver is not supported by Berth yet (supported: max-size, max-file)");
            }
            String value = o.getValue() == null ? "" : o.getValue().strip();
            if (key.equals("max-size") && !SIZE.matcher(value).matches()) {
                throw new InvalidArgumentException("invalid value for log opt max-size: " + value);
            }
            if (key.equals("max-file") && !value.matches("[1-9]\\d{0,8}")) {
                throw new InvalidArgumentException("invalid value for log opt max-file: " + value
                        + ": it must be a number of at least 1");
            }
        }
        return new LogConfig(type, new LinkedHashMap<>(options));
    }
}
