package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import berth.engine.runtime.OciSpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container's capability set from {@code --cap-add}, {@code --cap-drop} and {@code --privileged}, computed as moby's
 * oci/caps does: names are case-insensitive with or without "CAP_", "ALL" stands for every capability, and "all" means
 * the capabilities berthd itself holds (a runtime cannot grant more; on this kind of machine CAP_SYS_RESOURCE is
 * missing from the bounding set).
 */
final class Capabilities {
    /** Docker's default set, in its order. */
    static final List<String> DEFAULT = OciSpecBuilder.DEFAULT_CAPABILITIES;

    /** Every capability Linux knows, by bit number (capability.h). */
    static final List<String> KNOWN = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private static final String ALL = "ALL";
    private static volatile List<String> available;

    private Capabilities() {}

    /** Fails with moby's message ("invalid CapAdd: unknown capability: \"CAP_FOO\"") on a name it cannot grant. */
    static void validate(List<String> capAdd, List<String> capDrop) {
        normalize(capAdd, "CapAdd");
        normalize(capDrop, "CapDrop");
    }

    static List<String> of(List<String> capAdd, List<String> capDrop, boolean privileged) {
        if (privileged) return available();
        if ((capAdd == null || capAdd.isEmpty()) && (capDrop == null || capDrop.isEmpty())) return DEFAULT;
        List<String> add = normalize(capAdd, "CapAdd");
        List<String> drop = normalize(capDrop, "CapDrop");
        List<String> out = new ArrayList<>();
        if (add.contains(ALL)) {
            for (String c : available()) if (!drop.contains(c)) out.add(c);
        } else if (drop.contains(ALL)) {
            for (String c : add) if (!out.contains(c)) out.add(c);
        } else {
            for (String c : DEFAULT) if (!drop.contains(c)) out.add(c);
            for (String c : add) if (!out.contains(c)) out.add(c);
        }
        return out;
    }

    private static List<String> normalize(List<String> names, String field) {
        List<String> out = new ArrayList<>();
        if (names == null) return out;
        for (String name : names) {
            String c = name.toUpperCase(Locale.ROOT);
            if (!c.equals(ALL) && !c.startsWith("CAP_")) c = "CAP_" + c;
            if (!c.equals(ALL) && !KNOWN.contains(c)) {
                throw new InvalidArgumentException("invalid " + field + ": unknown capability: \"" + c + "\"");
            }
            if (!c.equals(ALL) && !available().contains(c)) {
                throw new InvalidArgumentException("invalid " + field
                        + ": capability not supported by your kernel or not available in the current environment: \""
                        + c + "\"");
            }
            out.add(c);
        }
        return out;
    }

    /** The capabilities in berthd's own effective set (/proc/self/status CapEff), as moby reads them. */
    static List<String> available() {
        List<String> a = available;
        if (a == null) {
            a = fromMask(effectiveMask());
            available = a;
        }
        return a;
    }

    static List<String> fromMask(long mask) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < KNOWN.size(); bit++) if ((mask & (1L << bit)) != 0) out.add(KNOWN.get(bit));
        return List.copyOf(out);
    }

    private static long effectiveMask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) return Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable: assume every known capability, as moby does when it cannot tell
        }
        return -1L;
    }
}
