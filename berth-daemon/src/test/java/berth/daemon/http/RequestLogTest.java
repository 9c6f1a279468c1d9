package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.daemon.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Log.setLevel(Log.Level.INFO);
        Log.setOutput(System.err);
    }

    private String serveOnePing() {
        Log.setOutput(new PrintStream(log, true));
        try (ApiChannel api = new TestApi().channel()) {
            api.exchange(TestApi.get("/v1.50/_ping"));
        }
        return log.toString();
    }

    @Test
    void debugLogsEveryRequestWithMethodPathStatusAndDuration() {
        Log.setLevel(Log.Level.DEBUG);
        Log.setOutput(new PrintStream(log, true));
        try (ApiChannel api = new TestApi().channel()) {
            api.exchange(TestApi.get("/v1.50/_ping"));
            api.awaitOutput(out -> log.toString().contains("msg=request"));
        }
        assertThat(log.toString()).contains("level=debug msg=request req=").contains("method=GET path=/_ping version=1.50 status=200 ms=");
    }

    @Test
    void infoLevelLogsNoRequests() {
        assertThat(serveOnePing()).isEmpty();
    }
}
