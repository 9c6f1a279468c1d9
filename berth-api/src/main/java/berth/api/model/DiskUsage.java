package berth.api.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /system/df} (Docker's SystemDataUsageResponse, API 1.50). A list is null (left out) when its type was not
 * asked for. {@code layersSize} counts every layer and blob on disk, once, whether an image references it or not.
 */
public record DiskUsage(
        long layersSize,
        List<Image> images,
        List<Container> containers,
        List<Object> volumes,
        List<Object> buildCache) {

    /** An image as df lists it: {@code sharedSize} is what it has in common with other images. */
    public record Image(
            String id,
            String parentId,
            List<String> repoTags,
            List<String> repoDigests,
            long created,
            long size,
            long sharedSize,
            Map<String, String> labels,
            long containers) {}

    /** A container as {@code /containers/json?size=1} shows it: the upper dir, and that plus the image's layers. */
    public record Container(@JsonUnwrapped ContainerSummary summary, long sizeRw, long sizeRootFs) {}
}
