package berth.engine.runtime;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount of a container beside its root: a host path or a volume's directory bound in ({@code type} "bind"), or a
 * tmpfs; {@code options} are the OCI spec's. {@link #parse} reads the host-path form of {@code -v}, which containers
 * created before volumes existed still have.
 */
public record BindMount(String source, String destination, boolean readOnly, String type, List<String> options) {

    /** A recursive, private bind, read-only if asked. */
    public BindMount(String source, String destination, boolean readOnly) {
        this(source, destination, readOnly, "bind",
                readOnly ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate"));
    }

    public static List<BindMount> parseAll(List<String> binds) {
        List<BindMount> out = new ArrayList<>();
        if (binds != null) for (String b : binds) out.add(parse(b));
        return out;
    }

    public static BindMount parse(String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidArgumentException("invalid volume specification: '" + spec + "'");
        }
        if (!parts[0].startsWith("/")) {
            throw new InvalidArgumentException("invalid volume specification: '" + spec
                    + "': named volumes are not supported yet; use an absolute host path");
        }
        if (!parts[1].startsWith("/")) {
            throw new InvalidArgumentException("invalid mount config for type \"bind\": invalid mount path: '" + parts[1]
                    + "' mount path must be absolute");
        }
        boolean ro = false;
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro" -> ro = true;
                    case "rw", "z", "Z", "private", "rprivate", "shared", "rshared", "slave", "rslave", "nocopy" -> { }
                    default -> throw new InvalidArgumentException("invalid mode: " + opt);
                }
            }
        }
        return new BindMount(parts[0], parts[1], ro);
    }
}
