package berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.ContainerCreateRequest;
import berth.api.model.ContainerState;
import berth.api.model.ContainerSummary;
import berth.api.model.EventMessage;
import berth.api.model.ProgressMessage;
import berth.api.model.WaitResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void componentsAreWrittenInDockersPascalCase() throws Exception {
        var summary = new ContainerSummary("abc", List.of("/x"), "busybox", "sha256:1", "true", 1, List.of(), Map.of(),
                "running", "Up", null, null, List.of());
        String json = Json.mapper().writeValueAsString(summary);
        assertThat(json).contains("\"Id\":\"abc\"", "\"Names\":[\"/x\"]", "\"ImageID\":\"sha256:1\"", "\"State\":\"running\"");
    }

    @Test
    void explicitNamesWinOverTheStrategy() throws Exception {
        var state = new ContainerState("exited", false, false, false, true, false, 0, 3, "", "a", "b");
        assertThat(Json.mapper().writeValueAsString(state)).contains("\"OOMKilled\":true", "\"ExitCode\":3");
        var event = new EventMessage("start", "id", "busybox", "container", "start",
                new EventMessage.Actor("id", Map.of()), "local", 1, 2);
        assertThat(Json.mapper().writeValueAsString(event)).contains("\"status\":\"start\"", "\"Type\":\"container\"",
                "\"Actor\":{\"ID\":\"id\"", "\"timeNano\":2");
        assertThat(Json.mapper().writeValueAsString(ProgressMessage.progress("abc", "Downloading", 1, 2)))
                .contains("\"progressDetail\":{\"current\":1,\"total\":2}");
    }

    @Test
    void createBodyDecodesFromTheDockerCli() throws Exception {
        String body = "{\"Hostname\":\"\",\"Env\":[\"A=1\"],\"Cmd\":[\"true\"],\"Image\":\"busybox\",\"Unknown\":1,"
                + "\"HostConfig\":{\"AutoRemove\":true,\"NetworkMode\":\"default\",\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0}}}";
        var req = Json.mapper().readValue(body, ContainerCreateRequest.class);
        assertThat(req.image()).isEqualTo("busybox");
        assertThat(req.env()).containsExactly("A=1");
        assertThat(req.hostConfig().isAutoRemove()).isTrue();
        assertThat(req.hostConfig().restartPolicy().name()).isEqualTo("no");
    }

    @Test
    void waitResponseHasStatusCode() throws Exception {
        assertThat(Json.mapper().writeValueAsString(WaitResponse.exited(3))).isEqualTo("{\"StatusCode\":3}");
    }
}
