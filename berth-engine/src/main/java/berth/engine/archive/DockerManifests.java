package berth.engine.archive;

import berth.api.Json;
import berth.engine.content.Digest;
import berth.engine.image.Descriptor;
import berth.engine.image.MediaTypes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema 2 manifest Berth records for a loaded image that came without one (as push will send it). */
final class DockerManifests {
    private DockerManifests() {}

    static byte[] schema2(Digest config, long configSize, List<Descriptor> layers) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.DOCKER_MANIFEST);
        m.put("config", Map.of("mediaType", MediaTypes.DOCKER_CONFIG, "size", configSize, "digest", config.toString()));
        m.put("layers", layers.stream().map(d -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("mediaType", d.mediaType());
            l.put("size", d.size());
            l.put("digest", d.digest().toString());
            return l;
        }).toList());
        return Json.mapper().writeValueAsBytes(m);
    }
}
