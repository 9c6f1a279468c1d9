package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * {@code GET /containers/{id}/json}: every key Docker returns at API 1.50, nulls included ("ExecIDs": null when the
 * container has no exec sessions).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerInspect(
        String id,
        String created,
        String path,
        List<String> args,
        ContainerState state,
        String image,
        String resolvConfPath,
        String hostnamePath,
        String hostsPath,
        String logPath,
        String name,
        int restartCount,
        String driver,
        String platform,
        String mountLabel,
        String processLabel,
        String appArmorProfile,
        @JsonProperty("ExecIDs") List<String> execIds,
        HostConfig hostConfig,
        GraphDriver graphDriver,
        List<MountPoint> mounts,
        @JsonSerialize(converter = InspectConfigConverter.class) ContainerConfig config,
        NetworkSettings networkSettings) {}
