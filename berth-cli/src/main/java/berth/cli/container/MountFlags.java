package berth.cli.container;

import berth.cli.CliError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --mount} (comma-separated key=value fields, as the docker CLI's opts.MountOpt reads them) into
 * HostConfig.Mounts entries, and {@code -v} with a relative host path made absolute, as the docker CLI does.
 */
final class MountFlags {
    private MountFlags() {}

    static Map<String, Object> mount(String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> bind = new LinkedHashMap<>();
        Map<String, Object> volume = new LinkedHashMap<>();
        Map<String, Object> driver = new LinkedHashMap<>();
        Map<String, String> driverOpts = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> tmpfs = new LinkedHashMap<>();
        String type = "volume";
        for (String field : value.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            String v = eq < 0 ? null : field.substring(eq + 1);
            if (v == null) {
                switch (key) {
                    case "readonly", "ro" -> { m.put("ReadOnly", true); continue; }
                    case "volume-nocopy" -> { volume.put("NoCopy", true); continue; }
                    case "bind-nonrecursive" -> { bind.put("NonRecursive", true); continue; }
                    default -> throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag: invalid field '"
                            + field + "' must be a key=value pair");
                }
            }
            switch (key) {
                case "type" -> type = v;
                case "source", "src" -> m.put("Source", v);
                case "target", "dst", "destination" -> m.put("Target", v);
                case "readonly", "ro" -> m.put("ReadOnly", bool(value, v));
                case "consistency" -> m.put("Consistency", v);
                case "bind-propagation" -> bind.put("Propagation", v);
                case "bind-nonrecursive" -> bind.put("NonRecursive", bool(value, v));
                case "bind-recursive" -> {
                    switch (v) {
                        case "enabled" -> { }
                        case "disabled" -> bind.put("NonRecursive", true);
                        case "writable" -> bind.put("ReadOnlyNonRecursive", true);
                        case "readonly" -> bind.put("ReadOnlyForceRecursive", true);
                        default -> throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag:"
                                + " invalid value for bind-recursive: " + v);
                    }
                }
                case "volume-nocopy" -> volume.put("NoCopy", bool(value, v));
                case "volume-label" -> {
                    int e = v.indexOf('=');
                    labels.put(e < 0 ? v : v.substring(0, e), e < 0 ? "" : v.substring(e + 1));
                }
                case "volume-driver" -> driver.put("Name", v);
                case "volume-opt" -> {
                    int e = v.indexOf('=');
                    driverOpts.put(e < 0 ? v : v.substring(0, e), e < 0 ? "" : v.substring(e + 1));
                }
                case "volume-subpath" -> volume.put("Subpath", v);
                case "tmpfs-size" -> {
                    try {
                        tmpfs.put("SizeBytes", OptionValues.bytes(v));
                    } catch (IllegalArgumentException e) {
                        throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag: " + e.getMessage());
                    }
                }
                case "tmpfs-mode" -> {
                    try {
                        tmpfs.put("Mode", Integer.parseInt(v, 8));
                    } catch (NumberFormatException e) {
                        throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag: invalid tmpfs-mode " + v);
                    }
                }
                default -> throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag: unexpected key '"
                        + key + "' in '" + field + "'");
            }
        }
        m.put("Type", type);
        if (!driverOpts.isEmpty()) driver.put("Options", driverOpts);
        if (!driver.isEmpty()) volume.put("DriverConfig", driver);
        if (!labels.isEmpty()) volume.put("Labels", labels);
        if (!bind.isEmpty()) m.put("BindOptions", bind);
        if (!volume.isEmpty()) m.put("VolumeOptions", volume);
        if (!tmpfs.isEmpty()) m.put("TmpfsOptions", tmpfs);
        return m;
    }

    private static boolean bool(String value, String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new CliError("invalid argument \"" + value + "\" for \"--mount\" flag: invalid value " + v);
        };
    }

    /** {@code -v ./dir:/x}: a source starting with "." is a host path relative to the working directory. */
    static List<String> binds(List<String> volumes) {
        List<String> out = new ArrayList<>();
        for (String v : volumes) {
            int colon = v.indexOf(':');
            String source = colon < 0 ? v : v.substring(0, colon);
            if (colon > 0 && (source.equals(".") || source.equals("..") || source.startsWith("./") || source.startsWith("../"))) {
                v = Path.of(source).toAbsolutePath().normalize() + v.substring(colon);
            }
            out.add(v);
        }
        return out;
    }
}
