package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.model.WaitResponse;
import berth.engine.container.ContainerService.WaitCondition;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WaitEndpointTest {

    @Test
    void waitFlushesHeadersBeforeTheContainerExits() {
        TestApi test = new TestApi();
        CompletableFuture<WaitResponse> exit = new CompletableFuture<>();
        test.containers.onWait = (id, condition) -> exit;
        try (ApiChannel api = test.channel()) {
            api.send(TestApi.post("/v1.50/containers/abc/wait?condition=removed"));
            String head = api.awaitOutput(out -> out.contains("\r\n\r\n"));
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked")
                    .contains("content-type: application/json").endsWith("\r\n\r\n");
            assertThat(test.containers.calls).containsExactly("wait abc " + WaitCondition.REMOVED);

            exit.complete(WaitResponse.exited(3));
            RawResponse r = RawResponse.parse(api.awaitOutput(out -> RawResponse.parse(out) != null));
            assertThat(r.body()).isEqualTo("{\"StatusCode\":3,\"Error\":null}\n");
        }
    }

    @Test
    void waitForAnUnknownContainerIsAPlain404() {
        try (ApiChannel api = new TestApi().channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/containers/nope/wait?condition=next-exit"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("No such container: nope");
        }
    }

    @Test
    void clientLeavingCancelsTheWait() throws Exception {
        TestApi test = new TestApi();
        CompletableFuture<WaitResponse> exit = new CompletableFuture<>();
        test.containers.onWait = (id, condition) -> exit;
        try (ApiChannel api = test.channel()) {
            api.send(TestApi.post("/containers/abc/wait"));
            api.awaitOutput(out -> out.contains("\r\n\r\n"));
            api.channel.close();
            api.awaitLoopIdle();
            assertThat(exit.isCancelled()).isTrue();
        }
    }
}
