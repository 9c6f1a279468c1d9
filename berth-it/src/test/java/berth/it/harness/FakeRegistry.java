package berth.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A registry in the test JVM (the JDK's HttpServer) serving the blobs of an {@link OciLayout} under any repository
 * name, with faults a test switches on: an answer for the next N manifest requests (status, Retry-After, body), a
 * wrong Content-Type or Docker-Content-Digest, a body cut mid-way, blob downloads redirected to another server, a
 * Basic login required. Records every request (method, path, Authorization, time) so tests can check what arrived.
 */
public final class FakeRegistry implements AutoCloseable {
    public record Seen(String method, String path, String authorization, long nanos) {}

    /** A canned answer: status, headers, body. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final Path layout;
    private final Map<String, OciLayout.Descriptor> tags = new ConcurrentHashMap<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Answers given instead of the manifest, one per request, until used up. */
    public final List<Answer> manifestAnswers = new CopyOnWriteArrayList<>();
    /** Overrides: the Content-Type and Docker-Content-Digest of manifests; null = the true ones. */
    public volatile String manifestContentType;
    public volatile String manifestDigestHeader;
    /** Manifests are sent cut after half their bytes (Content-Length says all). */
    public volatile boolean cutManifest;
    /** The manifest bytes to send instead of the stored ones (same Content-Type), e.g. with a wrong layer size. */
    public volatile Function<byte[], byte[]> rewriteManifest;
    /** Where blob GETs are redirected (a base URL such as http://127.0.0.1:PORT), or null to serve them here. */
    public volatile String redirectBlobsTo;
    /** "user:password" that Basic auth requires, or null for an open registry. */
    public volatile String basicLogin;

    private FakeRegistry(HttpServer server, Path layout) {
        this.server = server;
        this.layout = layout;
    }

    public static FakeRegistry start(Path layout) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
            FakeRegistry r = new FakeRegistry(s, layout);
            s.createContext("/", r::handle);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void tag(String tag, OciLayout.Descriptor manifest) {
        tags.put(tag, manifest);
    }

    /** Requests whose path contains {@code part}. */
    public List<Seen> seen(String part) {
        return seen.stream().filter(s -> s.path().contains(part)).toList();
    }

    public void reset() {
        seen.clear();
        manifestAnswers.clear();
        manifestContentType = null;
        manifestDigestHeader = null;
        cutManifest = false;
        rewriteManifest = null;
        redirectBlobsTo = null;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"), System.nanoTime()));
            if (basicLogin != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString(basicLogin.getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                    send(ex, 401, "application/json", error("UNAUTHORIZED", "authentication required"));
                    return;
                }
            }
            if (path.equals("/v2/")) {
                send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            int manifests = path.indexOf("/manifests/");
            int blobs = path.indexOf("/blobs/");
            if (manifests > 0) manifest(ex, path.substring(manifests + "/manifests/".length()));
            else if (blobs > 0) blob(ex, path.substring(blobs + "/blobs/".length()));
            else send(ex, 404, "application/json", error("NAME_UNKNOWN", "repository name not known to registry"));
        }
    }

    private void manifest(HttpExchange ex, String reference) throws IOException {
        if (!manifestAnswers.isEmpty()) {
            Answer a = manifestAnswers.removeFirst();
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, a.status(), "application/json", a.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        OciLayout.Descriptor d = reference.startsWith("sha256:") ? stored(reference) : tags.get(reference);
        if (d == null) {
            send(ex, 404, "application/json", error("MANIFEST_UNKNOWN", "manifest unknown"));
            return;
        }
        byte[] bytes = Files.readAllBytes(blobPath(d.digest()));
        if (rewriteManifest != null) bytes = rewriteManifest.apply(bytes);
        ex.getResponseHeaders().add("Docker-Content-Digest", manifestDigestHeader != null ? manifestDigestHeader : OciLayout.digest(bytes));
        String type = manifestContentType != null ? manifestContentType : d.mediaType();
        if (cutManifest) {
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(200, bytes.length);
            OutputStream out = ex.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            // closing short of Content-Length makes the server drop the connection mid-body
            throw new IOException("cut on purpose");
        }
        send(ex, 200, type, ex.getRequestMethod().equals("HEAD") ? null : bytes);
    }

    private OciLayout.Descriptor stored(String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}") || !Files.exists(blobPath(digest))) return null;
        return new OciLayout.Descriptor(OciLayout.MANIFEST, digest, 0);
    }

    private void blob(HttpExchange ex, String digest) throws IOException {
        if (!digest.matches("sha256:[0-9a-f]{64}") || !Files.exists(blobPath(digest))) {
            send(ex, 404, "application/json", error("BLOB_UNKNOWN", "blob unknown to registry"));
            return;
        }
        if (redirectBlobsTo != null && ex.getRequestMethod().equals("GET")) {
            ex.getResponseHeaders().add("Location", redirectBlobsTo + "/storage/" + digest);
            ex.sendResponseHeaders(307, -1);
            return;
        }
        byte[] bytes = Files.readAllBytes(blobPath(digest));
        send(ex, 200, "application/octet-stream", ex.getRequestMethod().equals("HEAD") ? null : bytes);
    }

    private Path blobPath(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    private static byte[] error(String code, String message) {
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
