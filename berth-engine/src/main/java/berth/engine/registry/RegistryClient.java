package berth.engine.registry;

import berth.api.Json;
import berth.engine.content.Digest;
import berth.engine.image.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Registry HTTP API v2 over the JDK's HttpClient: manifests, blobs, uploads, with the anonymous Bearer
 * token flow. Plain HTTP for insecure registries and loopback ones, as Docker does; HTTPS otherwise.
 */
final class RegistryClient {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    private final Set<String> insecure;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    RegistryClient(Set<String> insecure) {
        this.insecure = insecure;
    }

    /** A fetched manifest: the exact bytes, their media type and digest. */
    record Fetched(byte[] bytes, String mediaType, Digest digest) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(bytes);
        }
    }

    URI base(Reference ref) {
        String host = ref.domain().equals("docker.io") ? "registry-1.docker.io" : ref.domain();
        return URI.create((isInsecure(ref.domain()) ? "http://" : "https://") + host);
    }

    private boolean isInsecure(String domain) {
        String host = domain.startsWith("[") ? domain.substring(0, domain.indexOf(']') + 1)
                : domain.contains(":") ? domain.substring(0, domain.indexOf(':')) : domain;
        return insecure.contains(domain) || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    Fetched manifest(Reference ref, String tagOrDigest) throws IOException {
        URI uri = base(ref).resolve("/v2/" + ref.path() + "/manifests/" + tagOrDigest);
        HttpResponse<byte[]> r = send(ref, "pull", () -> HttpRequest.newBuilder(uri).header("Accept", MediaTypes.ACCEPT).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw error(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        Digest digest = Digest.sha256(r.body());
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.isEmpty() || type.equals("application/json")) type = Json.mapper().readTree(r.body()).path("mediaType").asText("");
        return new Fetched(r.body(), type, digest);
    }

    InputStream blob(Reference ref, Digest digest) throws IOException {
        URI uri = base(ref).resolve("/v2/" + ref.path() + "/blobs/" + digest);
        HttpResponse<InputStream> r = send(ref, "pull", () -> HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream in = r.body()) {
                throw error(r.statusCode(), new String(in.readNBytes(4096), StandardCharsets.UTF_8));
            }
        }
        return r.body();
    }

    boolean blobExists(Reference ref, Digest digest) throws IOException {
        URI uri = base(ref).resolve("/v2/" + ref.path() + "/blobs/" + digest);
        HttpResponse<Void> r = send(ref, "pull,push", () -> HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200;
    }

    /** Monolithic upload: POST for a session, then PUT the bytes with the digest. */
    void uploadBlob(Reference ref, Digest digest, long size, Supplier<InputStream> body) throws IOException {
        URI start = base(ref).resolve("/v2/" + ref.path() + "/blobs/uploads/");
        HttpResponse<String> r = send(ref, "pull,push", () -> HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw error(r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow(() -> new IOException("registry sent no upload location"));
        URI upload = base(ref).resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8));
        HttpResponse<String> done = send(ref, "pull,push", () -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size)),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) throw error(done.statusCode(), done.body());
    }

    void putManifest(Reference ref, String tag, byte[] bytes, String mediaType) throws IOException {
        URI uri = base(ref).resolve("/v2/" + ref.path() + "/manifests/" + tag);
        HttpResponse<String> r = send(ref, "pull,push", () -> HttpRequest.newBuilder(uri).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) throw error(r.statusCode(), r.body());
    }

    /** Sends with a cached token; on 401 with a Bearer challenge, fetches an anonymous token and retries once. */
    private <T> HttpResponse<T> send(Reference ref, String actions, Supplier<HttpRequest.Builder> request,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        String key = ref.domain() + "/" + ref.path() + ":" + actions;
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = request.get().timeout(Duration.ofMinutes(10));
            String token = tokens.get(key);
            if (token != null) b.header("Authorization", "Bearer " + token);
            HttpResponse<T> r;
            try {
                r = http.send(b.build(), handler);
            } catch (ConnectException e) {
                URI u = base(ref);
                throw new IOException("Get \"" + u + "/v2/\": dial tcp " + u.getAuthority() + ": connect: connection refused", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            if (r.statusCode() != 401 || attempt > 0 || !challenge.startsWith("Bearer ")) return r;
            tokens.put(key, token(challenge, ref, actions));
        }
    }

    private String token(String challenge, Reference ref, String actions) throws IOException {
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) params.put(m.group(1), m.group(2));
        String realm = params.get("realm");
        if (realm == null) throw new IOException("registry sent a Bearer challenge without realm");
        String query = "?scope=" + URLEncoder.encode("repository:" + ref.path() + ":" + actions, StandardCharsets.UTF_8)
                + (params.containsKey("service") ? "&service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8) : "");
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(realm + query)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw error(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            JsonNode json = Json.mapper().readTree(r.body());
            return json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static RegistryException error(int status, String body) {
        String code = "";
        String message = "status " + status;
        try {
            JsonNode errors = Json.mapper().readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                code = errors.get(0).path("code").asText("");
                message = errors.get(0).path("message").asText(message);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the status
        }
        return new RegistryException(status, code, message);
    }
}
