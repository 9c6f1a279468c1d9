package berth.engine.runtime;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * A host path bind-mounted into a container ({@code -v /host:/ctr[:ro]}). Named volumes come with the volumes issue;
 * until then a source that is not an absolute path is refused with a clear message.
 */
public record BindMount(String source, String destination, boolean readOnly) {

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
