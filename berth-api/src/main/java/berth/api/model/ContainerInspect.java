package berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * {@code GET /containers/{id}/json}: every key Docker returns at API 1.50, nulls included ("ExecIDs": null when the
 * container has no exec sessions). SizeRw and SizeRootFs only when asked for ({@code ?size=1}).
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sizeRootFs,
        List<MountPoint> mounts,
        @JsonSerialize(using = InspectConfigSerializer.class) ContainerConfig config,
        NetworkSettings networkSettings) {

    public ContainerInspect withExecIds(List<String> ids) {
        return new ContainerInspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath,
                logPath, name, restartCount, driver, platform, mountLabel, processLabel, appArmorProfile, ids,
                hostConfig, graphDriver, sizeRw, sizeRootFs, mounts, config, networkSettings);
    }

    public ContainerInspect withMounts(List<MountPoint> m) {
        return new ContainerInspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath,
                logPath, name, restartCount, driver, platform, mountLabel, processLabel, appArmorProfile, execIds,
                hostConfig, graphDriver, sizeRw, sizeRootFs, m, config, networkSettings);
    }

    public ContainerInspect withSizes(long rw, long rootFs) {
        return new ContainerInspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath,
                logPath, name, restartCount, driver, platform, mountLabel, processLabel, appArmorProfile, execIds,
                hostConfig, graphDriver, rw, rootFs, mounts, config, networkSettings);
    }
}
