package berth.engine.container;

import berth.api.model.ContainerConfig;
import berth.api.model.HostConfig;
import java.util.List;
import java.util.Map;

/** Container rows for tests that need no database. */
final class Rows {
    private Rows() {}

    static ContainerRepository.Row row(String id, String name, Map<String, String> labels, RuntimeState state,
                                       String path, List<String> args) {
        ContainerConfig config = new ContainerConfig(id.substring(0, 12), "", "", false, false, false, null, false,
                false, false, List.of(), args, "busybox", null, "", null, null, labels, null, null, null);
        ContainerRecord record = new ContainerRecord(id, name, "sha256:" + "e".repeat(64), "busybox",
                "2026-11-23T04:00:00Z", config, HostConfig.empty(), path, args);
        return new ContainerRepository.Row(record, state);
    }

    static ContainerRepository.Row withEnv(List<String> env) {
        String id = "cd".repeat(32);
        ContainerConfig config = new ContainerConfig(id.substring(0, 12), "", "", false, false, false, null, false,
                false, false, env, List.of(), "busybox", null, "", null, null, Map.of(), null, null, null);
        ContainerRecord record = new ContainerRecord(id, "env", "sha256:" + "e".repeat(64), "busybox",
                "2026-11-23T04:00:00Z", config, HostConfig.empty(), "true", List.of());
        return new ContainerRepository.Row(record, created());
    }

    static RuntimeState running(String startedAt) {
        return new RuntimeState(ContainerStatus.RUNNING, 42, 0, startedAt, null, false, "", 0);
    }

    static RuntimeState exited(int code, String finishedAt) {
        return new RuntimeState(ContainerStatus.EXITED, 0, code, "2026-11-23T04:00:01Z", finishedAt, false, "", 0);
    }

    static RuntimeState created() {
        return RuntimeState.creating().withStatus(ContainerStatus.CREATED);
    }
}
