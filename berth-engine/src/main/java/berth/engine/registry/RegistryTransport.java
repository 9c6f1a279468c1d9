package berth.engine.registry;

import berth.engine.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP to one repository of one registry: the base URL (scheme by {@link RegistryConfig}), the Authorization header
 * once a challenge was answered (reused for later requests), and Docker's text when the registry is unreachable.
 */
final class RegistryTransport {
    /**
     * HTTP/1.1: plain-http registries do not speak h2c, and blob streams gain nothing from multiplexing. Redirects are
     * followed by hand ({@link #followRedirects}) so that the registry's token is not sent to a blob storage host.
     */
    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    private static final int MAX_REDIRECTS = 10;

    private final Reference repository;
    private final URI base;
    private final HttpClient http;
    private final RegistryConfig.Timeouts timeouts;
    private final Authenticator authenticator;
    private volatile String authorization;
    private volatile List<String> authorizedScopes = List.of();

    RegistryTransport(Reference repository, RegistryConfig config, Optional<Credential> credential) {
        this.repository = repository;
        String host = repository.domain().equals(Reference.DEFAULT_DOMAIN) ? "registry-1.docker.io" : repository.domain();
        this.base = URI.create((config.isInsecure(repository.domain()) ? "http://" : "https://") + host);
        this.timeouts = config.timeouts();
        this.http = client(timeouts.connect());
        this.authenticator = new Authenticator(http, credential, timeouts.response());
    }

    /** One HTTP client per connect timeout (in practice one per daemon), sharing its connection pool. */
    static HttpClient client(Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(connectTimeout, t -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(t).build());
    }

    RegistryConfig.Timeouts timeouts() {
        return timeouts;
    }

    /** A response body guarded against stalls: no byte for the stall timeout fails the read. */
    InputStream guarded(InputStream body, String what) {
        return new StallGuardInputStream(body, timeouts.stall(), what);
    }

    Reference repository() {
        return repository;
    }

    /** {@code /v2/<name>/<rest>} on the registry. */
    URI uri(String rest) {
        return base.resolve("/v2/" + repository.path() + "/" + rest);
    }

    /** An absolute or relative Location header resolved against the registry. */
    URI resolve(String location) {
        return base.resolve(location);
    }

    /**
     * Sends, answering one 401 challenge for {@code actions} ("pull" or "pull,push") on this repository and retrying.
     * The request is a supplier because a body publisher may be consumed by the first attempt.
     */
    <T> HttpResponse<T> send(String actions, Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        return send(List.of(scope(repository.path(), actions)), request, handler);
    }

    /** As {@link #send(String, Supplier, HttpResponse.BodyHandler)}, for a token covering several scopes (mounts). */
    <T> HttpResponse<T> send(List<String> scopes, Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpResponse<T> r = sendOnce(request, handler);
        if (r.statusCode() != 401 || scopes.equals(authorizedScopes)) return r;
        Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
        if (challenge.isEmpty()) return r;
        Optional<String> answer;
        try {
            answer = authenticator.authorize(Challenge.parse(challenge.get()), scopes);
        } catch (RegistryException e) {
            discard(r);
            throw e.isNoBasicCredentials() ? e.forRequest(r.request().method(), r.request().uri()) : e;
        }
        if (answer.isEmpty()) return r;
        discard(r);
        authorization = answer.get();
        authorizedScopes = List.copyOf(scopes);
        return sendOnce(request, handler);
    }

    /**
     * Follows redirects of a GET (blob downloads go to a storage host or CDN) without the Authorization header: the
     * redirect target is authorised by its signed URL, and some storage services refuse a second credential.
     */
    <T> HttpResponse<T> followRedirects(HttpResponse<T> response, HttpResponse.BodyHandler<T> handler) throws IOException {
        return followRedirects(response, handler, null);
    }

    /** As {@link #followRedirects(HttpResponse, HttpResponse.BodyHandler)}, asking each target for {@code range}. */
    <T> HttpResponse<T> followRedirects(HttpResponse<T> response, HttpResponse.BodyHandler<T> handler, String range)
            throws IOException {
        HttpResponse<T> r = response;
        for (int i = 0; i < MAX_REDIRECTS && isRedirect(r.statusCode()); i++) {
            URI from = r.uri();
            URI target = from.resolve(r.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException("redirect without Location from " + from)));
            discard(r);
            try {
                HttpRequest.Builder next = HttpRequest.newBuilder(target).timeout(timeouts.response()).GET();
                if (range != null) next.header("Range", range);
                r = sendRaw(http, next.build(), handler);
            } catch (IOException e) {
                throw translate(target, e);
            }
        }
        return r;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** A token scope as distribution's token auth spells it. */
    static String scope(String repositoryPath, String actions) {
        return "repository:" + repositoryPath + ":" + actions;
    }

    private <T> HttpResponse<T> sendOnce(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpRequest.Builder b = request.get().timeout(timeouts.response());
        String auth = authorization;
        if (auth != null) b.header("Authorization", auth);
        HttpRequest built = b.build();
        try {
            return sendRaw(http, built, handler);
        } catch (IOException e) {
            throw translate(built.uri(), e);
        }
    }

    /**
     * Docker's words (Go's net/http error text) for a registry that cannot be reached: the name does not resolve, the
     * connection is refused or times out, or no response arrives in time. Other I/O errors pass unchanged.
     */
    private IOException translate(URI uri, IOException e) {
        String dial = "Get \"" + base + "/v2/\": dial tcp ";
        String hostPort = base.getHost() + ":" + (base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return new RegistryException(0, "", "Get \"" + base + "/v2/\": dial tcp: lookup " + base.getHost()
                        + ": no such host", e);
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new RegistryException(0, "", dial + hostPort + ": i/o timeout", e);
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return new RegistryException(0, "", "Get \"" + uri + "\": no response from the registry within "
                    + timeouts.response().toSeconds() + "s", e);
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return new RegistryException(0, "", dial + hostPort + ": connect: connection refused", e);
        }
        return e;
    }

    static <T> HttpResponse<T> sendRaw(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while talking to the registry");
        }
    }

    private static void discard(HttpResponse<?> r) throws IOException {
        if (r.body() instanceof InputStream in) in.close();
    }
}
