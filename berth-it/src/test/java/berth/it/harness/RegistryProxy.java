package berth.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A pass-through HTTP proxy in front of a {@link LocalRegistry} that damages one blob on cue (containerd's
 * failpoints, for the network): flip a byte, cut the connection half-way, or stall half-way until released.
 */
public final class RegistryProxy implements AutoCloseable {
    /** What happens to the targeted blob's body. */
    /** PAUSE_HALFWAY: like STALL_HALFWAY, but the rest of the body follows once released. */
    public enum Fault { NONE, FLIP_BYTE, CUT_HALFWAY, STALL_HALFWAY, PAUSE_HALFWAY }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding",
            "date", "host", "keep-alive");

    private final HttpServer server;
    private final String upstream;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Fault fault = Fault.NONE;
    private volatile String targetDigest = "";
    private volatile CountDownLatch stallReached = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> blobGets = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<String> rangesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RegistryProxy(HttpServer server, String upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    public static RegistryProxy start(LocalRegistry registry) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            RegistryProxy p = new RegistryProxy(s, "http://" + registry.address());
            s.createContext("/", p::handle);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Applies {@code fault} to every GET of the blob with this digest from now on. */
    public void inject(Fault fault, String digest) {
        this.stallReached = new CountDownLatch(1);
        this.release = new CountDownLatch(1);
        this.targetDigest = digest;
        this.fault = fault;
    }

    public void clearFault() {
        this.fault = Fault.NONE;
        release.countDown();
    }

    /** How many GETs of the blob with this digest reached the proxy. */
    public int blobGets(String digest) {
        var n = blobGets.get(digest);
        return n == null ? 0 : n.get();
    }

    /** The Range headers of the requests for the blob with this digest so far, in order. */
    public java.util.List<String> rangesAsked(String digest) {
        return rangesAsked.stream().filter(r -> r.startsWith(digest + " ")).map(r -> r.substring(digest.length() + 1)).toList();
    }

    /** Waits until a stalled transfer has sent its first half. */
    public boolean awaitStall(long seconds) throws InterruptedException {
        return stallReached.await(seconds, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null && path.contains("/blobs/sha256:")) {
                rangesAsked.add(path.substring(path.lastIndexOf('/') + 1) + " " + range);
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) vs.forEach(v -> req.header(k, v));
            });
            byte[] body = ex.getRequestBody().readAllBytes();
            req.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> rsp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            rsp.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase())) ex.getResponseHeaders().put(k, vs);
            });
            byte[] payload = rsp.body();
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (head || payload.length == 0) {
                rsp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
                ex.sendResponseHeaders(rsp.statusCode(), -1);
                return;
            }
            if (path.contains("/blobs/sha256:") && ex.getRequestMethod().equals("GET")) {
                blobGets.computeIfAbsent(path.substring(path.indexOf("/blobs/") + 7), k -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
            }
            Fault f = path.endsWith("/blobs/" + targetDigest) ? fault : Fault.NONE;
            ex.sendResponseHeaders(rsp.statusCode(), payload.length);
            OutputStream out = ex.getResponseBody();
            switch (f) {
                case NONE -> out.write(payload);
                case FLIP_BYTE -> {
                    payload[payload.length / 2] ^= 0x01;
                    out.write(payload);
                }
                case CUT_HALFWAY -> {
                    out.write(payload, 0, payload.length / 2);
                    out.flush();
                    // closing short of Content-Length makes the server drop the connection mid-body
                    throw new IOException("cut on purpose");
                }
                case STALL_HALFWAY -> {
                    out.write(payload, 0, payload.length / 2);
                    out.flush();
                    stallReached.countDown();
                    release.await(300, TimeUnit.SECONDS);
                    throw new IOException("stall released");
                }
                case PAUSE_HALFWAY -> {
                    out.write(payload, 0, payload.length / 2);
                    out.flush();
                    stallReached.countDown();
                    release.await(300, TimeUnit.SECONDS);
                    out.write(payload, payload.length / 2, payload.length - payload.length / 2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
