package berth.api.model;

import java.util.List;
import java.util.Map;

/** An item of {@code GET /images/json}. Containers and SharedSize are -1 unless computed, as in Docker. */
public record ImageSummary(
        String id,
        String parentId,
        List<String> repoTags,
        List<String> repoDigests,
        long created,
        long size,
        long sharedSize,
        long virtualSize,
        Map<String, String> labels,
        long containers) {}
