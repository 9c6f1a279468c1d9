package berth.api.model;

import java.util.List;
import java.util.Map;

/** {@code GET /images/{name}/json}. */
public record ImageInspect(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        String parent,
        String comment,
        String created,
        String dockerVersion,
        String author,
        ContainerConfig config,
        String architecture,
        String variant,
        String os,
        long size,
        long virtualSize,
        GraphDriver graphDriver,
        RootFs rootFS,
        Map<String, Object> metadata) {}
