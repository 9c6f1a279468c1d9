package berth.engine.volume;

import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a container's mount requests into {@link MountSpec}s, refusing bad ones with Docker's messages before
 * anything is created: {@code -v} strings (HostConfig.Binds), {@code --mount} objects (HostConfig.Mounts, moby's
 * mount.Mount) and the destinations of anonymous volumes (Config.Volumes, the image's VOLUMEs).
 */
public final class MountParser {
    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");
    private static final Set<String> RECURSIVE = Set.of("enabled", "disabled", "writable", "readonly");

    private MountParser() {}

    /** {@code -v name:/dst[:opts]}, {@code -v /host:/dst[:opts]} or {@code -v /dst} (an anonymous volume). */
    public static MountSpec bind(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || spec.isEmpty() || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new InvalidArgumentException("invalid volume specification: '" + spec + "'");
        }
        if (parts.length == 1) {
            return anonymous(destination(spec, VOLUME_TYPE, parts[0]), spec);
        }
        String source = parts[0];
        boolean isBind = source.startsWith("/");
        String type = isBind ? MountSpec.BIND : MountSpec.VOLUME;
        if (!isBind) VolumeNames.check(source);
        String dest = destination(spec, type, parts[1]);
        boolean ro = false;
        boolean noCopy = false;
        String propagation = null;
        String label = null;
        String rw = null;
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro", "rw" -> {
                        if (rw != null) throw invalidMode(parts[2]);
                        rw = opt;
                        ro = opt.equals("ro");
                    }
                    case "z", "Z" -> {
                        if (label != null) throw invalidMode(parts[2]);
                        label = opt;
                    }
                    case "nocopy" -> {
                        if (isBind || noCopy) throw invalidMode(parts[2]);
                        noCopy = true;
                    }
                    default -> {
                        if (!PROPAGATIONS.contains(opt) || propagation != null) throw invalidMode(opt);
                        if (!isBind) {
                            throw new InvalidArgumentException("invalid volume specification: '" + spec
                                    + "': propagation (" + opt + ") applies to bind mounts only");
                        }
                        propagation = opt;
                    }
                }
            }
        }
        String mode = parts.length == 3 ? parts[2] : isBind ? "" : "z";
        return new MountSpec(type, source, dest, ro, mode, isBind ? (propagation == null ? "rprivate" : propagation) : "",
                noCopy, "", "enabled", isBind, 0, null, Map.of(), Map.of());
    }

    private static final String VOLUME_TYPE = MountSpec.VOLUME;

    /** An anonymous volume at {@code destination} (Config.Volumes, a VOLUME of the image). */
    public static MountSpec anonymous(String destination) {
        return anonymous(destination(destination, VOLUME_TYPE, destination), null);
    }

    private static MountSpec anonymous(String dest, String spec) {
        return new MountSpec(MountSpec.VOLUME, null, dest, false, "", "", false, "", "enabled", false, 0, null,
                Map.of(), Map.of());
    }

    private static InvalidArgumentException invalidMode(String mode) {
        return new InvalidArgumentException("invalid mode: " + mode);
    }

    /** The target, absolute, cleaned and not "/"; {@code spec} null for a --mount (the message then has no spec). */
    private static String destination(String spec, String type, String target) {
        String prefix = (spec == null ? "" : "invalid volume specification: '" + spec + "': ")
                + "invalid mount config for type \"" + type + "\": ";
        if (!target.startsWith("/")) {
            throw new InvalidArgumentException(prefix + "invalid mount path: '" + target + "' mount path must be absolute");
        }
        String clean = Path.of(target).normalize().toString();
        if (clean.equals("/")) throw new InvalidArgumentException(prefix + "invalid specification: destination can't be '/'");
        return clean;
    }

    /** One entry of HostConfig.Mounts ({@code --mount type=...}). */
    public static MountSpec mount(JsonNode m) {
        if (m == null || !m.isObject()) throw new InvalidArgumentException("invalid mount config: not an object");
        String type = text(m, "Type").toLowerCase(Locale.ROOT);
        String source = text(m, "Source");
        String target = text(m, "Target");
        boolean ro = field(m, "ReadOnly") != null && field(m, "ReadOnly").asBoolean();
        JsonNode bindOptions = field(m, "BindOptions");
        JsonNode volumeOptions = field(m, "VolumeOptions");
        JsonNode tmpfsOptions = field(m, "TmpfsOptions");
        String invalid = "invalid mount config for type \"" + type + "\": ";
        switch (type) {
            case "bind", "volume", "tmpfs" -> { }
            case "" -> throw new InvalidArgumentException("invalid mount config: mount type unknown: the field Type is missing");
            default -> throw new InvalidArgumentException("invalid mount config: mount type unknown: \"" + type
                    + "\" (supported: bind, volume, tmpfs)");
        }
        if (target.isEmpty()) throw new InvalidArgumentException(invalid + "field Target must not be empty");
        String dest = destination(null, type, target);
        if (!type.equals("bind") && present(bindOptions)) {
            throw new InvalidArgumentException(invalid + "field BindOptions must not be specified");
        }
        if (!type.equals("volume") && present(volumeOptions)) {
            throw new InvalidArgumentException(invalid + "field VolumeOptions must not be specified");
        }
        if (!type.equals("tmpfs") && present(tmpfsOptions)) {
            throw new InvalidArgumentException(invalid + "field TmpfsOptions must not be specified");
        }
        return switch (type) {
            case "bind" -> bindMount(source, dest, ro, bindOptions, invalid);
            case "volume" -> volumeMount(source, dest, ro, volumeOptions, invalid);
            default -> tmpfsMount(source, dest, ro, tmpfsOptions, invalid);
        };
    }

    private static MountSpec bindMount(String source, String dest, boolean ro, JsonNode options, String invalid) {
        if (source.isEmpty()) throw new InvalidArgumentException(invalid + "field Source must not be empty");
        if (!source.startsWith("/")) {
            throw new InvalidArgumentException(invalid + "invalid mount path: '" + source + "' mount path must be absolute");
        }
        if (!Files.exists(Path.of(source))) {
            throw new InvalidArgumentException(invalid + "bind source path does not exist: " + source);
        }
        String propagation = "rprivate";
        String recursive = "enabled";
        if (present(options)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "propagation" -> {
                        if (!v.asText().isEmpty()) propagation = v.asText();
                        if (!PROPAGATIONS.contains(propagation)) {
                            throw new InvalidArgumentException(invalid + "invalid propagation mode: " + propagation);
                        }
                    }
                    case "nonrecursive" -> { if (v.asBoolean()) recursive = "disabled"; }
                    case "readonlynonrecursive" -> { if (v.asBoolean()) recursive = "writable"; }
                    case "readonlyforcerecursive" -> { if (v.asBoolean()) recursive = "readonly"; }
                    case "createmountpoint" -> {
                        if (v.asBoolean()) {
                            throw new InvalidArgumentException(invalid + "BindOptions.CreateMountpoint is not supported"
                                    + " by Berth; create the source directory first");
                        }
                    }
                    default -> {
                        if (!zero(v)) throw new InvalidArgumentException(invalid + "unknown bind option " + e.getKey());
                    }
                }
            }
        }
        if (!ro && (recursive.equals("writable") || recursive.equals("readonly"))) {
            throw new InvalidArgumentException(invalid + "option bind-recursive=" + recursive
                    + " needs the mount to be read-only (add readonly)");
        }
        return new MountSpec(MountSpec.BIND, source, dest, ro, ro ? "ro" : "", propagation, false, "", recursive, false,
                0, null, Map.of(), Map.of());
    }

    private static MountSpec volumeMount(String source, String dest, boolean ro, JsonNode options, String invalid) {
        if (!source.isEmpty()) VolumeNames.check(source);
        boolean noCopy = false;
        String subpath = "";
        Map<String, String> labels = Map.of();
        Map<String, String> driverOptions = Map.of();
        if (present(options)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "nocopy" -> noCopy = v.asBoolean();
                    case "labels" -> labels = strings(v, invalid + "Labels");
                    case "subpath" -> subpath = subpath(v.asText(), invalid);
                    case "driverconfig" -> {
                        if (v.isObject()) {
                            JsonNode name = field(v, "Name");
                            checkDriver(name == null ? "" : name.asText());
                            JsonNode opts = field(v, "Options");
                            if (present(opts)) driverOptions = strings(opts, invalid + "DriverConfig.Options");
                        }
                    }
                    default -> {
                        if (!zero(v)) throw new InvalidArgumentException(invalid + "unknown volume option " + e.getKey());
                    }
                }
            }
        }
        if (!driverOptions.isEmpty()) LocalDriver.validate(source.isEmpty() ? "(anonymous)" : source, driverOptions);
        if (source.isEmpty() && !subpath.isEmpty()) {
            throw new InvalidArgumentException(invalid + "a volume-subpath needs a named volume (an anonymous one is empty)");
        }
        return new MountSpec(MountSpec.VOLUME, source.isEmpty() ? null : source, dest, ro, ro ? "ro" : "z", "", noCopy,
                subpath, "enabled", false, 0, null, driverOptions, labels);
    }

    /** Relative, inside the volume: no "..", no absolute path (a symlink on the way is refused at start). */
    private static String subpath(String subpath, String invalid) {
        if (subpath.isEmpty()) return "";
        if (subpath.startsWith("/")) {
            throw new InvalidArgumentException(invalid + "subpath must be a relative path within the volume: " + subpath);
        }
        for (String c : subpath.split("/")) {
            if (c.equals("..")) {
                throw new InvalidArgumentException(invalid + "subpath must not climb out of the volume: " + subpath);
            }
        }
        return Path.of(subpath).normalize().toString();
    }

    private static MountSpec tmpfsMount(String source, String dest, boolean ro, JsonNode options, String invalid) {
        if (!source.isEmpty()) throw new InvalidArgumentException(invalid + "field Source must not be specified");
        long size = 0;
        Integer mode = null;
        if (present(options)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "sizebytes" -> {
                        size = v.asLong();
                        if (size < 0) throw new InvalidArgumentException(invalid + "invalid tmpfs size: " + size);
                    }
                    case "mode" -> {
                        if (!zero(v)) {
                            long m = v.asLong();
                            if (m < 0 || m > 07777) {
                                throw new InvalidArgumentException(invalid + "invalid tmpfs mode: " + Long.toOctalString(m));
                            }
                            mode = (int) m;
                        }
                    }
                    default -> {
                        if (!zero(v)) throw new InvalidArgumentException(invalid + "unknown tmpfs option " + e.getKey());
                    }
                }
            }
        }
        return new MountSpec(MountSpec.TMPFS, "", dest, ro, "", "", false, "", "enabled", false, size, mode, Map.of(),
                Map.of());
    }

    /** Only the local driver exists; naming another is refused rather than ignored. */
    public static void checkDriver(String driver) {
        if (driver != null && !driver.isEmpty() && !driver.equals("local")) {
            throw new InvalidArgumentException("volume driver \"" + driver + "\" is not supported: Berth has the"
                    + " local driver only");
        }
    }

    /** Two mounts on one destination: Docker's message. */
    public static void checkDuplicates(List<MountSpec> specs) {
        Set<String> seen = new java.util.HashSet<>();
        for (MountSpec s : specs) {
            if (!seen.add(s.destination())) throw new InvalidArgumentException("Duplicate mount point: " + s.destination());
        }
    }

    private static Map<String, String> strings(JsonNode v, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.isObject()) throw new InvalidArgumentException("invalid " + what + ": not a map of strings");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !(n.isObject() && n.isEmpty());
    }

    /** Go's zero value: what the docker CLI sends for an option it was not given. */
    private static boolean zero(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return true;
        if (n.isBoolean()) return !n.asBoolean();
        if (n.isNumber()) return n.asDouble() == 0;
        if (n.isTextual()) return n.asText().isEmpty();
        if (n.isObject() || n.isArray()) {
            for (JsonNode c : n) if (!zero(c)) return false;
            return true;
        }
        return false;
    }

    private static String text(JsonNode object, String name) {
        JsonNode v = field(object, name);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** Go's encoding/json matches keys case-insensitively. */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) return exact;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) return object.get(k);
        }
        return null;
    }
}
