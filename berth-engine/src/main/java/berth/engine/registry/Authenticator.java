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

    Authenticator(HttpClient http, Optional<Credential> credential, Duration timeout) {
        this.http = http;
        this.credential = credential;
        this.timeout = timeout;
    }

    /** The Authorization header value to retry with, or empty when the challenge cannot be answered. */
    Optional<String> authorize(Challenge challenge, List<String> scopes) throws IOException {
        if (challenge.isBasic()) {
            Optional<Credential> c = credential.filter(Credential::hasPassword);
            // Go's registry client fails here without sending anything; the docker CLI users know its words.
            if (c.isEmpty()) throw RegistryException.noBasicCredentials();
            return c.map(Authenticator::basic);
        }
        if (!challenge.isBearer()) return Optional.empty();
        if (credential.isPresent() && !credential.get().registryToken().isEmpty()) {
            return Optional.of("Bearer " + credential.get().registryToken());
        }
        String realm = challenge.params().get("realm");
        if (realm == null || realm.isEmpty()) throw new IOException("registry sent a Bearer challenge without realm");
        String service = challenge.params().get("service");
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
        return Optional.of("Bearer " + token);
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
