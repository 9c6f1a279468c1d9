package berth.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import berth.engine.content.Digest;
import berth.engine.image.Reference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blob downloads that the registry redirects to a storage host (as Docker Hub and S3-backed registries do): followed,
 * and without the registry's credential, which storage services refuse. Debian's registry with filesystem storage
 * never redirects, so a small HTTP server plays both parts here.
 */
class BlobRedirectTest {
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(BLOB);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", exchange -> {
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                reply(exchange, 401, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("Location", "/storage/blob?signature=x");
                reply(exchange, 307, new byte[0]);
            }
        });
        server.createContext("/storage/", exchange -> {
            boolean credentialLeaked = exchange.getRequestHeaders().getFirst("Authorization") != null;
            reply(exchange, credentialLeaked ? 400 : 200, credentialLeaked ? new byte[0] : BLOB);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void redirectedBlobIsFetchedWithoutTheRegistryCredential() throws IOException {
        RegistryClient client = RegistryClient.forRepository(
                Reference.parse("127.0.0.1:" + server.getAddress().getPort() + "/x"), new RegistryConfig(Set.of()),
                Optional.of(new Credential("u", "p")));
        try (InputStream in = client.blob(DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(BLOB);
        }
    }
}
