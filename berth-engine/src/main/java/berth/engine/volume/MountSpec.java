package berth.engine.volume;

import java.util.Map;

/**
 * One mount of a container as it was asked for and resolved at create: a host path ({@code bind}), a volume by name
 * ({@code volume}; an anonymous one gets its generated name at create) or a {@code tmpfs}. Stored with the container,
 * so that inspect, start, {@code --volumes-from} and {@code rm -v} all see the same mounts.
 *
 * @param mode         what inspect shows as Mode ("ro", "z", "" ...), as Docker derives it from the request
 * @param propagation  bind propagation ("" for volumes and tmpfs, as Docker shows them)
 * @param createSource a {@code -v} bind whose missing host path is created at start ({@code --mount} refuses it)
 * @param recursive    bind-recursive: enabled, disabled, writable or readonly
 * @param tmpfsSize    bytes, 0 for the kernel's default
 * @param tmpfsMode    permission bits of the tmpfs root, null for the kernel's default
 */
public record MountSpec(String type, String source, String destination, boolean readOnly, String mode,
                        String propagation, boolean noCopy, String subpath, String recursive, boolean createSource,
                        long tmpfsSize, Integer tmpfsMode, Map<String, String> driverOptions,
                        Map<String, String> volumeLabels) {
    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    public MountSpec {
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
        volumeLabels = volumeLabels == null ? Map.of() : Map.copyOf(volumeLabels);
        subpath = subpath == null ? "" : subpath;
        recursive = recursive == null || recursive.isEmpty() ? "enabled" : recursive;
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
    }

    public boolean isVolume() {
        return VOLUME.equals(type);
    }

    /** An anonymous volume not yet named (its name is generated when the container is created). */
    public boolean unnamed() {
        return isVolume() && (source == null || source.isEmpty());
    }

    public MountSpec withSource(String name) {
        return new MountSpec(type, name, destination, readOnly, mode, propagation, noCopy, subpath, recursive,
                createSource, tmpfsSize, tmpfsMode, driverOptions, volumeLabels);
    }

    /** {@code --volumes-from c:ro|rw}: the same mount with its writability overridden. */
    public MountSpec withReadOnly(boolean ro) {
        String m = mode;
        if (ro != readOnly) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            for (String p : mode.split(",")) if (!p.isEmpty() && !p.equals("ro") && !p.equals("rw")) parts.add(p);
            if (ro) parts.addFirst("ro");
            m = String.join(",", parts);
        }
        return new MountSpec(type, source, destination, ro, m, propagation, noCopy, subpath, recursive, createSource,
                tmpfsSize, tmpfsMode, driverOptions, volumeLabels);
    }
}
