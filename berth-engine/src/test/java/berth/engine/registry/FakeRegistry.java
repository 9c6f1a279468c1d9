package berth.engine.registry;

import berth.engine.content.Digest;
import berth.engine.image.MediaTypes;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A registry of the test's own on loopback, serving an {@link OciLayout}'s blobs, that misbehaves on cue: it stalls
 * half-way through a blob, never answers manifests, or declares a manifest larger than any registry should send.
 */
final class FakeRegistry implements AutoCloseable {
    private final HttpServer server;
    private final Path blobs;
    private final Map<String, Digest> tags = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile Digest stallBlob;
    volatile boolean hangManifests;
    volatile long hugeManifestBytes;
    final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    FakeRegistry(Path layout) throws IOException {
        this.blobs = layout.resolve("blobs/sha256");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void tag(String tag, Digest manifest) {
        tags.put(tag, manifest);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path);
            if (path.equals("/v2/")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            int manifests = path.indexOf("/manifests/");
            int blob = path.indexOf("/blobs/");
            if (manifests >= 0) {
                if (hangManifests) {
                    release.await(300, TimeUnit.SECONDS);
                    return;
                }
                String ref = path.substring(manifests + "/manifests/".length());
                if (hugeManifestBytes > 0) {
                    ex.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
                    ex.sendResponseHeaders(200, hugeManifestBytes);
                    OutputStream out = ex.getResponseBody();
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < hugeManifestBytes; sent += chunk.length) out.write(chunk);
                    return;
                }
                Digest d = ref.startsWith("sha256:") ? Digest.parse(ref) : tags.get(ref);
                if (d == null || !Files.exists(blobs.resolve(d.hex()))) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes());
                    return;
                }
                byte[] bytes = Files.readAllBytes(blobs.resolve(d.hex()));
                String type = new String(bytes).contains("\"manifests\"") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
                ex.getResponseHeaders().set("Content-Type", type);
                send(ex, 200, bytes);
            } else if (blob >= 0) {
                Digest d = Digest.parse(path.substring(blob + "/blobs/".length()));
                byte[] bytes = Files.readAllBytes(blobs.resolve(d.hex()));
                if (d.equals(stallBlob)) {
                    ex.sendResponseHeaders(200, bytes.length);
                    ex.getResponseBody().write(bytes, 0, bytes.length / 2);
                    ex.getResponseBody().flush();
                    stalled.countDown();
                    release.await(300, TimeUnit.SECONDS);
                    return;
                }
                send(ex, 200, bytes);
            } else {
                send(ex, 404, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
