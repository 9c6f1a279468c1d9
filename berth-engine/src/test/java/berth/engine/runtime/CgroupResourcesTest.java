package berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupResourcesTest {
    private static final CgroupResources LIMITED = new CgroupResources(33554432L, 16777216L, 67108864L, true, 512L, 50000L,
            100000L, "0", "0", 20L, null, List.of(), List.of(new CgroupResources.ThrottleDevice(254, 0, 1048576)), List.of(),
            List.of(), List.of());

    @Test
    void limitsUseTheRuntimeSpecsNames() throws Exception {
        assertThat(Json.mapper().writeValueAsString(LIMITED.toOci())).isEqualTo(
                "{\"memory\":{\"limit\":33554432,\"reservation\":16777216,\"swap\":67108864,\"disableOOMKiller\":true},"
                        + "\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000,\"cpus\":\"0\",\"mems\":\"0\"},"
                        + "\"pids\":{\"limit\":20},"
                        + "\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":254,\"minor\":0,\"rate\":1048576}]}}");
    }

    @Test
    void theSpecCarriesTheLimitsBesideTheDeviceRules() {
        ProcessSpec p = new ProcessSpec("c".repeat(64), List.of("true"), List.of(), "/", 0, 0, List.of(), false, "h",
                Path.of("/r"), Path.of("/h"), Path.of("/hn"), Path.of("/rc"), false, List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) OciSpecBuilder.build(p, LIMITED)
                .get("linux")).get("resources");
        assertThat(resources).containsKeys("memory", "cpu", "pids", "blockIO", "devices");
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) ((Map<String, Object>) OciSpecBuilder.build(p).get("linux"))
                .get("resources");
        assertThat(plain).containsOnlyKeys("devices");
    }
}
