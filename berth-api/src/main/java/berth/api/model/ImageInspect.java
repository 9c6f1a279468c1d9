package berth.api.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/{name}/json}. {@code container} and {@code containerConfig} exist before API 1.45 only, and
 * {@code virtualSize} before 1.44: null leaves them out. {@code metadata} holds {@code LastTagTime}.
 */
@JsonPropertyOrder({"Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "Container", "ContainerConfig",
        "DockerVersion", "Author", "Config", "Architecture", "Variant", "Os", "Size", "VirtualSize", "GraphDriver",
        "RootFS", "Metadata"})
public record ImageInspect(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        String parent,
        String comment,
        String created,
        String container,
        ImageInspectConfig containerConfig,
        String dockerVersion,
        String author,
        ImageInspectConfig config,
        String architecture,
        String variant,
        String os,
        long size,
        Long virtualSize,
        GraphDriver graphDriver,
        RootFs rootFS,
        Map<String, Object> metadata) {}
