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
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Answers a registry's 401 challenge: Basic with the credential, or Bearer with a token from the challenge's realm
 * (anonymous, or with the credential as Basic), for the scopes asked for.
 */
final class Authenticator {
    private final HttpClient http;
    private final Optional<Credential> credential;

    Authenticator(HttpClient http, Optional<Credential> credential) {
        this.http = http;
        this.credential = credential;
    }

    /** The Authorization header value to retry with, or empty when the challenge cannot be answered. */
    Optional<String> authorize(Challenge challenge, List<String> scopes) throws IOException {
        if (challenge.isBasic()) return credential.map(Authenticator::basic);
        if (!challenge.isBearer()) return Optional.empty();
        String realm = challenge.params().get("realm");
        if (realm == null || realm.isEmpty()) throw new IOException("registry sent a Bearer challenge without realm");
        // One scope parameter per scope, as Docker sends them (a mount needs pull on the source repository too).
        StringBuilder query = new StringBuilder();
        String service = challenge.params().get("service");
        if (service != null) query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        for (String scope : scopes) {
            if (!query.isEmpty()) query.append('&');
            query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        credential.ifPresent(c -> request.header("Authorization", basic(c)));
        HttpResponse<byte[]> r = RegistryTransport.sendRaw(http, request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
        JsonNode json = Json.mapper().readTree(r.body());
        String token = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText("");
        if (token.isEmpty()) throw new IOException("token server " + realm + " answered without a token");
        return Optional.of("Bearer " + token);
    }

    private static String basic(Credential c) {
        String pair = c.username() + ":" + c.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
