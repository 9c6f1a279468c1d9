package berth.engine.archive;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.engine.image.Platform;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The {@code platform} parameter of save and load: an OCI platform as JSON ({@code {"os":"linux",
 * "architecture":"amd64"}}, what the docker CLI sends) or the {@code os/arch[/variant]} form.
 */
final class PlatformParam {
    private PlatformParam() {}

    static Platform parse(String value) {
        if (value == null || value.isBlank()) return null;
        if (!value.strip().startsWith("{")) return Platform.parseForLinux(value);
        try {
            JsonNode n = Json.mapper().readTree(value);
            String os = n.path("os").asText("");
            String arch = n.path("architecture").asText("");
            if (os.isEmpty() || arch.isEmpty()) throw new InvalidArgumentException("invalid platform: " + value);
            String variant = n.path("variant").asText("");
            return Platform.parseForLinux(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid platform: " + value);
        }
    }
}
