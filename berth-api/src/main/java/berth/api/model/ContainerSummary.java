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
        List<MountPoint> mounts,
        Long sizeRw,
        Long sizeRootFs) {

    public ContainerSummary(String id, List<String> names, String image, String imageId, String command, long created,
                            List<Map<String, Object>> ports, Map<String, String> labels, String state, String status,
                            Map<String, Object> hostConfig, Map<String, Object> networkSettings, List<MountPoint> mounts) {
        this(id, names, image, imageId, command, created, ports, labels, state, status, hostConfig, networkSettings,
                mounts, null, null);
    }

    public ContainerSummary withMounts(List<MountPoint> m) {
        return new ContainerSummary(id, names, image, imageId, command, created, ports, labels, state, status,
                hostConfig, networkSettings, m, sizeRw, sizeRootFs);
    }

    /** {@code ps --size}: what the container wrote, and that plus its image. */
    public ContainerSummary withSizes(long rw, long rootFs) {
        return new ContainerSummary(id, names, image, imageId, command, created, ports, labels, state, status,
                hostConfig, networkSettings, mounts, rw, rootFs);
    }
}
