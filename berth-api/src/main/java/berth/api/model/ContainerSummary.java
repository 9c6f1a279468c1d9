package berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An item of {@code GET /containers/json}. */
public record ContainerSummary(
        String id,
        List<String> names,
        String image,
        @JsonProperty("ImageID") String imageId,
        String command,
        long created,
        List<Map<String, Object>> ports,
        Map<String, String> labels,
        String state,
        String status,
        Map<String, Object> hostConfig,
        Map<String, Object> networkSettings,
        List<MountPoint> mounts) {}
