package berth.engine.registry;

import berth.engine.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * HTTP to one repository of one registry: the endpoint (scheme and TLS by {@link Registries}, falling over from TLS to
 * plain HTTP or back while the first answer has not come), the Authorization once a challenge was answered (reused
 * for later requests, and renewed once when the registry refuses a cached token), retries with back-off of
 * idempotent requests the registry answers 429 or 5xx, and Docker's text when the registry is unreachable.
 */
final class RegistryTransport {
    private static final int MAX_REDIRECTS = 10;
    /** Attempts of a GET or HEAD answered 429, 500, 502, 503 or 504, the first included. */
    static final int MAX_ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** A registry asking for a longer pause than this gets an error at once rather than a pull that seems to hang. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);

    private final Reference repository;
    private final String domain;
    private final Registries registries;
    private final List<Registries.Endpoint> endpoints;
    private final RegistryConfig.Timeouts timeouts;
    private final Optional<Credential> credential;
    private volatile int endpoint;
    /** Set by the first answer: from then on, no fall-over to another endpoint. */
    private volatile boolean settled;
    private volatile Authenticator.Authorization authorization;
    private volatile List<String> authorizedScopes = List.of();

    RegistryTransport(Reference repository, Registries registries, List<Registries.Endpoint> endpoints,
                      Optional<Credential> credential) {
        this.repository = repository;
        this.domain = repository.domain();
        this.registries = registries;
        this.endpoints = List.copyOf(endpoints);
        this.timeouts = registries.config().timeouts();
        this.credential = credential;
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

    private Registries.Endpoint current() {
        return endpoints.get(endpoint);
    }

    private URI base() {
        return current().base();
    }

    /** {@code /v2/<name>/<rest>} on the registry. */
    URI uri(String rest) {
        return base().resolve("/v2/" + repository.path() + "/" + rest);
    }

    /** An absolute or relative Location header resolved against the registry. */
    URI resolve(String location) {
        return base().resolve(location);
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
        HttpResponse<T> r = sendRetrying(request, handler);
        // Two rounds at most: answer the challenge (perhaps with a cached token), then, if the registry refuses a token
        // from a token server (expired early, revoked), drop it and ask for a new one once.
        for (int round = 0; round < 2 && r.statusCode() == 401; round++) {
            Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
            if (challenge.isEmpty()) return r;
            Authenticator.Authorization used = authorization;
            boolean renewal = used != null && scopes.equals(authorizedScopes);
            // A refused password stays refused.
            if (renewal && used.cached().isEmpty()) return r;
            Authenticator authenticator = new Authenticator(current().http(), credential, timeouts.response(), registries.tokens());
            if (renewal) authenticator.refused(used);
            Optional<Authenticator.Authorization> answer;
            try {
                answer = authenticator.authorize(Challenge.parse(challenge.get()), scopes, !renewal);
            } catch (RegistryException e) {
                discard(r);
                throw e.isNoBasicCredentials() ? e.forRequest(r.request().method(), r.request().uri()) : e;
            }
            if (answer.isEmpty()) return r;
            discard(r);
            authorization = answer.get();
            authorizedScopes = List.copyOf(scopes);
            r = sendRetrying(request, handler);
        }
        return r;
    }

    /**
     * Follows redirects of a GET (blob downloads go to a storage host or CDN) without the Authorization header: the
     * redirect target is authorised by its signed URL, and a credential must reach only the registry it belongs to.
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
                r = sendRaw(current().http(), next.build(), handler);
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

    /**
     * Sends; a GET or HEAD answered 429 or 5xx is repeated after a pause (the registry's Retry-After, else 250 ms
     * doubling), up to {@link #MAX_ATTEMPTS} in all; then the last answer becomes an error that says so.
     */
    private <T> HttpResponse<T> sendRetrying(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<T> r = sendOnce(request, handler);
            String method = r.request().method();
            if (!RETRIED.contains(r.statusCode()) || !(method.equals("GET") || method.equals("HEAD"))) return r;
            Optional<Duration> asked = retryAfter(r);
            boolean tooLong = asked.isPresent() && asked.get().compareTo(MAX_RETRY_AFTER) > 0;
            if (attempt == MAX_ATTEMPTS || tooLong) {
                byte[] prefix = r.body() instanceof InputStream in ? BoundedBody.readPrefix(in, 64 * 1024)
                        : r.body() instanceof byte[] b ? b : new byte[0];
                RegistryException e = RegistryErrors.of(r.statusCode(), prefix);
                String why = tooLong ? " (the registry asked to retry after " + asked.get().toSeconds() + "s)"
                        : " (gave up after " + attempt + " attempts)";
                throw new RegistryException(e.status(), e.code(), e.getMessage() + why, null);
            }
            discard(r);
            pause(asked.orElse(backoff));
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Retry-After in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> r) {
        Optional<String> header = r.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException unparsable) {
                return Optional.empty();
            }
        }
    }

    private static void pause(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry the registry");
        }
    }

    private <T> HttpResponse<T> sendOnce(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        while (true) {
            HttpRequest.Builder b = request.get().timeout(timeouts.response());
            HttpRequest probe = b.copy().build();
            Authenticator.Authorization auth = authorization;
            // Only to the registry itself: an upload Location may name another host, which gets no credential.
            if (auth != null && sameOrigin(probe.uri(), base())) b.header("Authorization", auth.header());
            HttpRequest built = b.build();
            HttpResponse<T> r;
            try {
                r = sendRaw(current().http(), built, handler);
            } catch (IOException e) {
                if (fallOver(e)) continue;
                throw translate(built.uri(), e);
            }
            if (!settled && r.statusCode() == 400 && base().getScheme().equals("http") && endpoint + 1 < endpoints.size()) {
                // A TLS server answering a plain-HTTP request ("Client sent an HTTP request to an HTTPS server").
                discard(r);
                endpoint++;
                continue;
            }
            if (!settled) {
                settled = true;
                registries.answered(domain, base());
            }
            return r;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Whether a failure of the first request means "wrong protocol here" and another endpoint is left to try. */
    private boolean fallOver(IOException e) {
        if (settled || endpoint + 1 >= endpoints.size()) return false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                endpoint++;
                return true;
            }
        }
        return false;
    }

    /**
     * Docker's words (Go's net/http error text) for a registry that cannot be reached: the name does not resolve, the
     * connection is refused or times out, or no response arrives in time. Other I/O errors pass unchanged.
     */
    private IOException translate(URI uri, IOException e) {
        URI base = base();
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) return new RegistryException(0, "", "Get \"" + uri + "\": " + tlsFailure(e), e);
        }
        return e;
    }

    /** Go's words for the usual TLS failures, which users search for; the JDK's text otherwise. */
    static String tlsFailure(Throwable e) {
        String deepest = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException || t instanceof java.security.cert.CertPathValidatorException) {
                return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            }
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
            }
            if (t.getMessage() != null && t.getMessage().contains("No subject alternative")) {
                return "tls: failed to verify certificate: x509: certificate is not valid for this host (" + t.getMessage() + ")";
            }
            if (t.getMessage() != null) deepest = t.getMessage();
        }
        return "tls: " + deepest;
    }

    static <T> HttpResponse<T> sendRaw(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to the registry");
        }
    }

    private static void discard(HttpResponse<?> r) throws IOException {
        if (r.body() instanceof InputStream in) in.close();
    }
}
