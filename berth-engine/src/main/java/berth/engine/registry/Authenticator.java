package berth.engine.registry;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Answers a registry's 401 challenge with the user's {@link Credential}: Basic with the username and password; Bearer
 * with the registry token as it is, or with a token from the challenge's realm (anonymous, with the username and
 * password as Basic, or for an identity token through the OAuth refresh-token grant, as Docker does).
 */
final class Authenticator {
    /** Token answers are small JSON documents. */
    private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;

    private final HttpClient http;
    private final Optional<Credential> credential;
    private final Duration timeout;
    private final TokenCache tokens;

    Authenticator(HttpClient http, Optional<Credential> credential, Duration timeout, TokenCache tokens) {
        this.http = http;
        this.credential = credential;
        this.timeout = timeout;
        this.tokens = tokens;
    }

    /**
     * An Authorization header value and, for a token from a token server, where it is cached (so that a registry's
     * refusal of it can drop it).
     */
    record Authorization(String header, Optional<TokenCache.Key> cached) {
        @Override
        public String toString() {
            return "Authorization[...]"; // never the secret
        }
    }

    /** The Authorization to retry with, or empty when the challenge cannot be answered. */
    Optional<Authorization> authorize(Challenge challenge, List<String> scopes) throws IOException {
        return authorize(challenge, scopes, true);
    }

    /** As {@link #authorize(Challenge, List)}; {@code useCache} false asks the token server even for a cached token. */
    Optional<Authorization> authorize(Challenge challenge, List<String> scopes, boolean useCache) throws IOException {
        if (challenge.isBasic()) {
            Optional<Credential> c = credential.filter(Credential::hasPassword);
            // Go's registry client fails here without sending anything; the docker CLI users know its words.
            if (c.isEmpty()) throw RegistryException.noBasicCredentials();
            return c.map(x -> new Authorization(basic(x), Optional.empty()));
        }
        if (!challenge.isBearer()) return Optional.empty();
        if (credential.isPresent() && !credential.get().registryToken().isEmpty()) {
            return Optional.of(new Authorization("Bearer " + credential.get().registryToken(), Optional.empty()));
        }
        String realm = challenge.params().get("realm");
        if (realm == null || realm.isEmpty()) throw new IOException("registry sent a Bearer challenge without realm");
        String service = challenge.params().get("service");
        TokenCache.Key key = TokenCache.Key.of(realm, service, scopes, credential);
        if (useCache) {
            Optional<String> cached = tokens.get(key);
            if (cached.isPresent()) return Optional.of(new Authorization("Bearer " + cached.get(), Optional.of(key)));
        }
        HttpResponse<byte[]> r;
        if (credential.isPresent() && !credential.get().identityToken().isEmpty()) {
            r = refreshTokenGrant(realm, service, scopes, credential.get().identityToken());
        } else {
            r = tokenGet(realm, service, scopes);
        }
        if (r.body().length > MAX_TOKEN_RESPONSE) throw new IOException("token server " + realm + " answered too much");
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
        JsonNode json = Json.mapper().readTree(r.body());
        String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText("");
        if (token.isEmpty()) throw new IOException("token server " + realm + " answered without a token");
        tokens.put(key, token, lifetime(json));
        return Optional.of(new Authorization("Bearer " + token, Optional.of(key)));
    }

    /** expires_in (seconds) of a token answer; distribution's default when absent, at least the default. */
    private static Duration lifetime(JsonNode json) {
        long seconds = json.path("expires_in").asLong(0);
        return seconds <= 0 ? TokenCache.DEFAULT_LIFETIME : Duration.ofSeconds(Math.max(seconds, 60));
    }

    /** Drops a token the registry refused. */
    void refused(Authorization authorization) {
        authorization.cached().ifPresent(k -> tokens.drop(k, authorization.header().substring("Bearer ".length())));
    }

    /** GET realm?service=…&scope=…, one scope parameter per scope as Docker sends them. */
    private HttpResponse<byte[]> tokenGet(String realm, String service, List<String> scopes) throws IOException {
        StringBuilder query = new StringBuilder();
        if (service != null) query.append("service=").append(encode(service));
        for (String scope : scopes) {
            if (!query.isEmpty()) query.append('&');
            query.append("scope=").append(encode(scope));
        }
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        credential.filter(Credential::hasPassword).ifPresent(c -> request.header("Authorization", basic(c)));
        return RegistryTransport.sendRaw(http, request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POST realm with grant_type=refresh_token: how an identity token (from a login) becomes an access token. */
    private HttpResponse<byte[]> refreshTokenGrant(String realm, String service, List<String> scopes, String refreshToken)
            throws IOException {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=docker&refresh_token=")
                .append(encode(refreshToken));
        if (service != null) form.append("&service=").append(encode(service));
        form.append("&scope=").append(encode(String.join(" ", scopes)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return RegistryTransport.sendRaw(http, request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String basic(Credential c) {
        String pair = c.username() + ":" + c.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
