package berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectConfigSerializerTest {
    private static String config(ContainerConfig c) throws Exception {
        String json = Json.mapper().writeValueAsString(new InspectConfigSerializerTest.Holder(c));
        return json.substring("{\"Config\":".length(), json.length() - 1);
    }

    /** What inspect's Config is written inside; the annotation is the one ContainerInspect carries. */
    record Holder(@com.fasterxml.jackson.databind.annotation.JsonSerialize(using = InspectConfigSerializer.class)
                  ContainerConfig config) {}

    @Test
    void anEmptyConfigHasDockersAlwaysWrittenKeysWithNullsAndEmptyStrings() throws Exception {
        ContainerConfig c = new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertThat(config(c)).isEqualTo("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
                + "\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
                + "\"Env\":null,\"Cmd\":null,\"Image\":\"\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,"
                + "\"OnBuild\":null,\"Labels\":null}");
    }

    @Test
    void keysDockerDropsWhenEmptyAppearWhenSetInDockersOrder() throws Exception {
        ContainerConfig c = new ContainerConfig("h", "d", "u", true, true, false, Map.of("80/tcp", Map.of()), true, true,
                false, List.of("A=1"), List.of("sh"), "busybox", Map.of("/v", Map.of()), "/w", List.of("e"),
                List.of(), Map.of("k", "v"), "SIGTERM", 5, List.of("/bin/sh", "-c"),
                new HealthConfig(List.of("CMD", "true"), null, null, null, null, null));
        assertThat(config(c)).isEqualTo("{\"Hostname\":\"h\",\"Domainname\":\"d\",\"User\":\"u\",\"AttachStdin\":true,"
                + "\"AttachStdout\":true,\"AttachStderr\":false,\"ExposedPorts\":{\"80/tcp\":{}},\"Tty\":true,"
                + "\"OpenStdin\":true,\"StdinOnce\":false,\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],"
                + "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]},\"Image\":\"busybox\",\"Volumes\":{\"/v\":{}},"
                + "\"WorkingDir\":\"/w\",\"Entrypoint\":[\"e\"],\"OnBuild\":[],\"Labels\":{\"k\":\"v\"},"
                + "\"StopSignal\":\"SIGTERM\",\"StopTimeout\":5,\"Shell\":[\"/bin/sh\",\"-c\"]}");
    }

    @Test
    void emptyExposedPortsStopSignalAndShellAreLeftOut() throws Exception {
        ContainerConfig c = new ContainerConfig(null, null, null, null, null, null, Map.of(), null, null, null, null,
                null, null, null, null, null, null, null, "", null, List.of(), null);
        assertThat(config(c)).doesNotContain("ExposedPorts", "StopSignal", "StopTimeout", "Shell", "Healthcheck");
    }
}
