package berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import berth.api.model.HostConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The raw JSON keys of container inspect against the key lists of moby's swagger for API 1.50: every key Docker always
 * writes is there, spelled as Docker spells it, and nothing swagger does not know.
 */
class InspectShapeTest {
    private static final String ID = "a1".repeat(32);

    private static JsonNode inspect(HostConfig host) {
        var row = Rows.row(ID, "web", Map.of(), Rows.created(), "true", List.of());
        var record = row.record();
        record = new ContainerRecord(record.id(), record.name(), record.imageId(), record.imageName(), record.created(),
                record.config(), host, record.path(), record.args());
        var inspect = ContainerViews.inspect(new ContainerRepository.Row(record, row.state()),
                new ContainerLayout(Path.of("/d", ID), Path.of("/run/x"), ID), List.of());
        return Json.mapper().valueToTree(inspect);
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void assertShape(JsonNode node, String section) {
        assertThat(keys(node)).as(section).containsAll(SwaggerFields.alwaysPresent(section))
                .allMatch(k -> SwaggerFields.names(section).contains(k), "a key of swagger's " + section);
    }

    @Test
    void topLevelKeysAreDockers() {
        JsonNode json = inspect(HostConfig.empty());
        assertShape(json, "Inspect");
        assertThat(json.get("ExecIDs").isNull()).isTrue();
    }

    @Test
    void hostConfigHasEveryKeyDockerAlwaysWrites() {
        JsonNode host = inspect(HostConfig.empty()).get("HostConfig");
        assertShape(host, "HostConfig");
        assertThat(SwaggerFields.alwaysPresent("HostConfig")).hasSizeGreaterThan(60);
        assertThat(host.has("UTSMode")).isTrue();
        assertThat(host.get("LogConfig").get("Type").asText()).isEqualTo("json-file");
    }

    @Test
    void keysDockerOmitsWhenEmptyAreLeftOut() {
        JsonNode host = inspect(HostConfig.empty()).get("HostConfig");
        assertThat(host.has("Init")).isFalse();
        assertThat(host.has("Tmpfs")).isFalse();
        assertThat(host.has("KernelMemoryTCP")).isFalse();
        assertThat(inspect(Json.mapper().convertValue(Map.of("Init", true), HostConfig.class))
                .get("HostConfig").get("Init").asBoolean()).isTrue();
    }

    @Test
    void hostConfigShowsWhatIsInForce() {
        JsonNode host = inspect(Json.mapper().convertValue(Map.of("NetworkMode", "default",
                "RestartPolicy", Map.of("Name", ""), "ShmSize", 0), HostConfig.class)).get("HostConfig");
        assertThat(host.get("NetworkMode").asText()).isEqualTo("none");
        assertThat(host.get("RestartPolicy").get("Name").asText()).isEqualTo("no");
        assertThat(host.get("ShmSize").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(host.get("IpcMode").asText()).isEqualTo("private");
        assertThat(host.get("MaskedPaths")).isNotEmpty();
        assertThat(host.get("Memory").asLong()).isZero();
        assertThat(host.get("CapAdd").isNull()).isTrue();
    }

    @Test
    void aRestartPolicyWithoutACountShowsZero() {
        JsonNode policy = inspect(Json.mapper().convertValue(Map.of("RestartPolicy", Map.of("Name", "always")),
                HostConfig.class)).get("HostConfig").get("RestartPolicy");
        assertThat(policy.get("Name").asText()).isEqualTo("always");
        assertThat(policy.get("MaximumRetryCount").isInt()).isTrue();
        assertThat(policy.get("MaximumRetryCount").asInt()).isZero();
    }

    @Test
    void configHasEntrypointOnBuildAndVolumesEvenWhenNull() {
        JsonNode config = inspect(HostConfig.empty()).get("Config");
        assertShape(config, "Config");
        assertThat(config.get("Entrypoint").isNull()).isTrue();
        assertThat(config.get("OnBuild").isNull()).isTrue();
        assertThat(config.has("Volumes")).isTrue();
    }

    @Test
    void networkSettingsAreThoseOfAContainerOnNoNetwork() {
        JsonNode net = inspect(HostConfig.empty()).get("NetworkSettings");
        assertShape(net, "NetworkSettings");
        assertThat(keys(net)).containsExactlyInAnyOrderElementsOf(SwaggerFields.names("NetworkSettings"));
        assertThat(keys(net.get("Networks"))).containsExactly("none");
        assertThat(keys(net.get("Networks").get("none")))
                .containsExactlyInAnyOrderElementsOf(SwaggerFields.names("EndpointSettings"));
    }

    @Test
    void mountsSpellReadWriteAsRW() {
        JsonNode mount = inspect(Json.mapper().convertValue(Map.of("Binds", List.of("/tmp:/data:ro")), HostConfig.class))
                .get("Mounts").get(0);
        assertShape(mount, "MountPoint");
        assertThat(mount.get("RW").asBoolean()).isFalse();
        assertThat(mount.has("Rw")).isFalse();
    }

    @Test
    void inForceIsIdempotent() {
        HostConfig once = HostConfigDefaults.inForce(HostConfig.empty());
        assertThat(HostConfigDefaults.inForce(once)).isEqualTo(once);
    }

    @Test
    void theOldConstructorPutsEachValueInItsField() {
        HostConfig h = new HostConfig(List.of("/a:/b"), "none", Map.of(), null, true, true, true, List.of("KILL"),
                List.of("ALL"), List.of("1.1.1.1"), List.of("h:1.2.3.4"), "private", "host", "host", null, 1L, 2L, 3L,
                4L, true, List.of(1, 2));
        assertThat(h.binds()).containsExactly("/a:/b");
        assertThat(h.networkMode()).isEqualTo("none");
        assertThat(h.capDrop()).containsExactly("ALL");
        assertThat(h.pidMode()).isEqualTo("host");
        assertThat(h.utsMode()).isEqualTo("host");
        assertThat(List.of(h.memory(), h.nanoCpus(), h.cpuShares(), h.pidsLimit())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(h.init()).isTrue();
        assertThat(h.consoleSize()).containsExactly(1, 2);
    }
}
