package berth.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The storage host a registry redirects blob downloads to (S3 or a CDN in real life): serves {@code /storage/<digest>}
 * from an {@link OciLayout} on a port of its own, and records the Authorization header of each request (null when
 * none came, as it must be).
 */
public final class BlobStorage implements AutoCloseable {
    private final HttpServer server;
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    public final List<String> paths = new CopyOnWriteArrayList<>();

    private BlobStorage(HttpServer server) {
        this.server = server;
    }

    public static BlobStorage start(Path layout) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            BlobStorage b = new BlobStorage(s);
            s.createContext("/storage/", ex -> b.handle(ex, layout));
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex, Path layout) throws IOException {
        try (ex) {
            paths.add(ex.getRequestURI().getPath());
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String digest = ex.getRequestURI().getPath().substring("/storage/".length());
            Path blob = layout.resolve("blobs/sha256").resolve(digest.replace("sha256:", ""));
            if (!digest.matches("sha256:[0-9a-f]{64}") || !Files.exists(blob)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(blob);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
