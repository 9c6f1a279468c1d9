package berth.api.model;

import java.util.List;
import java.util.Map;

/**
 * The host-side settings of {@code POST /containers/create} that Berth honours or reports back.
 * Unknown fields are ignored on decode; later issues add resources, mounts and security options here.
 */
public record HostConfig(
        List<String> binds,
        String networkMode,
        Map<String, Object> portBindings,
        RestartPolicy restartPolicy,
        Boolean autoRemove,
        Boolean privileged,
        Boolean readonlyRootfs,
        List<String> capAdd,
        List<String> capDrop,
        List<String> dns,
        List<String> extraHosts,
        String ipcMode,
        String pidMode,
        String utsMode,
        LogConfig logConfig,
        Long memory,
        Long nanoCpus,
        Long cpuShares,
        Long pidsLimit,
        Boolean init,
        List<Integer> consoleSize) {

    public static HostConfig empty() {
        return new HostConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public boolean isAutoRemove() {
        return Boolean.TRUE.equals(autoRemove);
    }
}
