package berth.engine.container;

import berth.api.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code process} of containers' config.json, parsed once per version of the file: every exec starts from it, and
 * the file (~30 KB, most of it the seccomp profile) changes only when a run starts.
 */
final class BundleProcesses {
    private record Parsed(Object modified, long size, Map<String, Object> process) {}

    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    /** A copy of the container's process, free to change. */
    @SuppressWarnings("unchecked")
    Map<String, Object> of(Path configJson) throws IOException {
        BasicFileAttributes a = Files.readAttributes(configJson, BasicFileAttributes.class);
        Parsed p = parsed.get(configJson);
        if (p == null || !p.modified().equals(a.lastModifiedTime()) || p.size() != a.size()) {
            Map<String, Object> spec = Json.mapper().readValue(Files.readAllBytes(configJson),
                    new TypeReference<Map<String, Object>>() {});
            p = new Parsed(a.lastModifiedTime(), a.size(), (Map<String, Object>) spec.get("process"));
            parsed.put(configJson, p);
        }
        return Json.mapper().convertValue(p.process(), new TypeReference<Map<String, Object>>() {});
    }

    /** Drops what was parsed of containers that are gone. */
    void sweep() {
        parsed.keySet().removeIf(Files::notExists);
    }
}
