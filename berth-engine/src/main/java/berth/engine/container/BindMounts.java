package berth.engine.container;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.HostConfig;
import berth.engine.runtime.BindMount;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's bind mounts: {@code -v /host:/ctr[:ro]} (HostConfig.Binds) and {@code --mount type=bind,...}
 * (HostConfig.Mounts; the create policy has refused every other type and option). Unlike {@code -v}, a
 * {@code --mount} source must exist, as with Docker.
 */
final class BindMounts {
    private BindMounts() {}

    /** Every explicit mount of {@code h} (checked), by destination; a volume's source is its name. */
    static List<BindMount> of(HostConfig h) {
        List<BindMount> out = new ArrayList<>();
        for (berth.engine.volume.MountSpec m : ContainerMounts.parse(h)) {
            out.add(new BindMount(m.source() == null ? "" : m.source(), m.destination(), m.readOnly()));
        }
        return out;
    }

    /** {@code checkSource}: at create and start; inspect still shows a mount whose source has gone. */
    static List<BindMount> fromMounts(List<Object> mounts, boolean checkSource) {
        List<BindMount> out = new ArrayList<>();
        if (mounts == null) return out;
        for (Object m : mounts) {
            JsonNode n = Json.mapper().valueToTree(m);
            String source = text(n, "Source");
            String target = text(n, "Target");
            String invalid = "invalid mount config for type \"bind\": ";
            if (target.isEmpty()) throw new InvalidArgumentException(invalid + "field Target must not be empty");
            if (source.isEmpty()) throw new InvalidArgumentException(invalid + "field Source must not be empty");
            if (!target.startsWith("/")) {
                throw new InvalidArgumentException(invalid + "invalid mount path: '" + target + "' mount path must be absolute");
            }
            if (!source.startsWith("/")) {
                throw new InvalidArgumentException(invalid + "invalid mount path: '" + source + "' mount path must be absolute");
            }
            if (checkSource && !Files.exists(Path.of(source))) {
                throw new InvalidArgumentException(invalid + "bind source path does not exist: " + source);
            }
            JsonNode ro = CreatePolicy.field(n, "ReadOnly");
            out.add(new BindMount(source, target, ro != null && ro.asBoolean()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = CreatePolicy.field(n, field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
