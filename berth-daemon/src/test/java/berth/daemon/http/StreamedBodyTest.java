package berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.errors.NotFoundException;
import berth.api.model.ProgressMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamedBodyTest {

    @Test
    void importStreamsAChunkedUploadAndEndsWithTheImageId() {
        TestApi test = new TestApi();
        try (ApiChannel api = test.channel()) {
            api.send("POST /v1.50/images/create?fromSrc=-&repo=imp&tag=1&changes=CMD%20%5B%22sh%22%5D HTTP/1.1\r\n"
                    + "Host: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-tar\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < 40; i++) { // 2.5 MB: more than the high-water mark, so reading pauses and resumes
                api.send(chunk(block));
            }
            api.send("0\r\n\r\n");
            RawResponse r = RawResponse.parse(api.awaitOutput(out -> RawResponse.parse(out) != null));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"sha256:" + "ab".repeat(32) + "\"}\r\n");
            assertThat(test.images.importedBytes).isEqualTo(40L * block.length);
            assertThat(test.images.calls).containsExactly("import imp:1 changes=[CMD [\"sh\"]]");
        }
    }

    @Test
    void pullErrorBeforeAnyProgressIsAPlainStatus() {
        TestApi test = new TestApi();
        test.distribution.onPull = (name, tag, progress) -> {
            throw new NotFoundException("manifest for " + name + ":" + tag + " not found: manifest unknown: manifest unknown");
        };
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/v1.50/images/create?fromImage=127.0.0.1%3A15000%2Fx%2Fnothere&tag=latest"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).contains("manifest for 127.0.0.1:15000/x/nothere:latest not found");
        }
    }

    @Test
    void pullErrorAfterProgressIsAnErrorLine() {
        TestApi test = new TestApi();
        test.distribution.onPull = (name, tag, progress) -> {
            progress.accept(ProgressMessage.status("Pulling from x"));
            throw new berth.api.errors.InternalException("digest mismatch",
                    new berth.engine.content.DigestMismatchException("digest mismatch"));
        };
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/images/create?fromImage=x&tag=1"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"status\":\"Pulling from x\"}\r\n"
                    + "{\"error\":\"digest mismatch\",\"errorDetail\":{\"message\":\"digest mismatch\"}}\r\n");
        }
    }

    @Test
    void internalFailureAfterProgressIsAGenericErrorLine() {
        TestApi test = new TestApi();
        test.distribution.onPull = (name, tag, progress) -> {
            progress.accept(ProgressMessage.status("Pulling from x"));
            throw new berth.api.errors.InternalException("rename /var/lib/berth/content/ingest/1 failed", null);
        };
        try (ApiChannel api = test.channel()) {
            RawResponse r = api.exchange(TestApi.post("/images/create?fromImage=x&tag=1"));
            assertThat(r.body()).contains("internal error").doesNotContain("/var/lib/berth");
        }
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
