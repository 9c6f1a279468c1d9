package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import berth.api.errors.NotImplementedException;
import berth.api.model.ContainerInspect;
import berth.engine.container.ContainerService.LogLine;
import berth.engine.container.ContainerService.LogOptions;
import berth.engine.container.ContainerService.StreamType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LogsEndpointTest {
    private static final Instant T = Instant.parse("2026-11-23T06:00:00.5Z");

    private static ContainerInspect withTty(boolean tty) {
        try {
            return Json.mapper().readValue("{\"Id\":\"abc\",\"Config\":{\"Tty\":" + tty + "}}", ContainerInspect.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestApi api(boolean tty, AtomicReference<LogOptions> seen) {
        TestApi test = new TestApi();
        test.containers.onInspect = id -> withTty(tty);
        test.containers.onLogs = (id, options, sink) -> {
            seen.set(options);
            sink.write(new LogLine(StreamType.STDOUT, T, "out\n".getBytes(StandardCharsets.US_ASCII)));
            sink.write(new LogLine(StreamType.STDERR, T, "err\n".getBytes(StandardCharsets.US_ASCII)));
        };
        return test;
    }

    @Test
    void logsAreMultiplexedWithoutTty() {
        AtomicReference<LogOptions> seen = new AtomicReference<>();
        try (ApiChannel api = api(false, seen).channel()) {
            RawResponse r = api.exchange(TestApi.get("/v1.50/containers/abc/logs?stderr=1&stdout=1&tail=2"));
            assertThat(r.header("Content-Type")).isEqualTo("application/vnd.docker.multiplexed-stream");
            assertThat(r.body()).isEqualTo("\u0001\0\0\0\0\0\0\u0004out\n\u0002\0\0\0\0\0\0\u0004err\n");
            assertThat(seen.get().tail()).isEqualTo(2);
            assertThat(seen.get().follow()).isFalse();
        }
    }

    @Test
    void timestampsPrefixEachLineInRfc3339Nano() {
        try (ApiChannel api = api(true, new AtomicReference<>()).channel()) {
            RawResponse r = api.exchange(TestApi.get("/containers/abc/logs?stdout=1&stderr=1&timestamps=1&tail=all"));
            assertThat(r.header("Content-Type")).isEqualTo("application/vnd.docker.raw-stream");
            assertThat(r.body()).isEqualTo("2026-11-23T06:00:00.500000000Z out\n2026-11-23T06:00:00.500000000Z err\n");
        }
    }

    @Test
    void aContainerWhoseLogCannotBeReadGetsAnErrorNotAnEmptyStream() {
        TestApi test = new TestApi();
        test.containers.onInspect = id -> {
            throw new NotImplementedException("configured logging driver does not support reading");
        };
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.get("/v1.50/containers/abc/logs?stdout=1"));
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.body()).contains("configured logging driver does not support reading");
        }
    }

    @Test
    void logsNeedAtLeastOneStream() {
        try (ApiChannel api = api(false, new AtomicReference<>()).channel()) {
            RawResponse r = api.exchange(TestApi.get("/containers/abc/logs"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("you must choose at least one stream");
        }
    }
}
