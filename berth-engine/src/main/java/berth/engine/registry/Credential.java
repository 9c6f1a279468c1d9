package berth.engine.registry;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * A user's registry login as the client sends it in X-Registry-Auth: a username and password (sent as Basic, or
 * exchanged for a Bearer token), an identity token (an OAuth refresh token, exchanged at the token server) or a
 * registry token (a Bearer token used as it is). {@code toString} names only the user, so that no secret can reach
 * a log or an error message.
 */
public record Credential(String username, String password, String identityToken, String registryToken) {

    public Credential {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        identityToken = identityToken == null ? "" : identityToken;
        registryToken = registryToken == null ? "" : registryToken;
    }

    /** A username and password. */
    public Credential(String username, String password) {
        this(username, password, "", "");
    }

    /**
     * Decodes X-Registry-Auth: base64url (or, from some SDKs, standard base64) of a JSON object (username, password,
     * identitytoken, registrytoken, serveraddress, email). Absent, empty or all-empty ("e30=" is {}) means anonymous.
     * A header that cannot be decoded is anonymous too: moby ignores it on pull and push "to increase compatibility",
     * and clients rely on that. Nothing of it is ever repeated in an error.
     */
    public static Optional<Credential> fromHeader(String header) {
        if (header == null || header.isBlank()) return Optional.empty();
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getUrlDecoder(), Base64.getDecoder()}) {
            try {
                return fromJson(decoder.decode(header.strip()));
            } catch (IllegalArgumentException | IOException e) {
                // not this alphabet, or not JSON: try the next, then give up as Docker does
            }
        }
        return Optional.empty();
    }

    /**
     * The credential of a push request that has no X-Registry-Auth header: API clients of old sent it as the JSON
     * body. No header and no body is Docker's 400.
     */
    public static Optional<Credential> fromLegacyBody(byte[] body) {
        try {
            return fromJson(body);
        } catch (IOException e) {
            throw new InvalidArgumentException("bad parameters and missing X-Registry-Auth: "
                    + (body.length == 0 ? "EOF" : "invalid X-Registry-Auth body"));
        }
    }

    /**
     * Decodes X-Registry-Config, the logins a build sends for every registry its FROM lines may pull from: base64url
     * JSON of {"registry": {username, password, identitytoken, registrytoken, ...}}, keyed by "host[:port]" or a URL
     * such as "https://index.docker.io/v1/". Keys come back as domains ("docker.io" for Docker Hub's names). Like
     * X-Registry-Auth, a header that cannot be decoded means no logins, and nothing of it is repeated.
     */
    public static java.util.Map<String, Credential> fromConfigHeader(String header) {
        java.util.Map<String, Credential> out = new java.util.LinkedHashMap<>();
        if (header == null || header.isBlank()) return out;
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getUrlDecoder(), Base64.getDecoder()}) {
            try {
                JsonNode json = Json.mapper().readTree(decoder.decode(header.strip()));
                if (json == null || !json.isObject()) return out;
                for (var it = json.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isObject()) continue;
                    fromJson(Json.mapper().writeValueAsBytes(e.getValue()))
                            .ifPresent(c -> out.put(RegistryLogin.domain(e.getKey()), c));
                }
                return out;
            } catch (IllegalArgumentException | IOException e) {
                out.clear(); // not this alphabet, or not JSON
            }
        }
        return out;
    }

    /** The body of {@code POST /auth}: a login and the registry it is for (serveraddress; empty means Docker Hub). */
    public record Login(Credential credential, String serverAddress) {
        @Override
        public String toString() {
            return "Login[" + credential + " at " + serverAddress + "]";
        }
    }

    /** Reads a {@code POST /auth} body; one that is not a JSON object is a 400 that repeats nothing of it. */
    public static Login fromAuthBody(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json == null || !json.isObject()) throw new IOException("not a JSON object");
            Credential c = new Credential(text(json, "username"), text(json, "password"), text(json, "identitytoken"),
                    text(json, "registrytoken"));
            String auth = text(json, "auth");
            if (!c.hasPassword() && !auth.isEmpty()) {
                // "auth" is base64 of user:password, as config.json stores it
                String pair = new String(Base64.getDecoder().decode(auth.strip()), java.nio.charset.StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon < 0) throw new IOException("auth is not user:password");
                c = new Credential(pair.substring(0, colon), pair.substring(colon + 1), c.identityToken(), c.registryToken());
            }
            return new Login(c, text(json, "serveraddress"));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid login: the body must be a JSON object with username and password"
                    + " (or identitytoken) and serveraddress");
        }
    }

    private static Optional<Credential> fromJson(byte[] bytes) throws IOException {
        JsonNode json = Json.mapper().readTree(bytes);
        if (json == null || json.isMissingNode()) throw new IOException("empty");
        if (json.isNull()) return Optional.empty();
        if (!json.isObject()) throw new IOException("not a JSON object");
        Credential c = new Credential(text(json, "username"), text(json, "password"), text(json, "identitytoken"),
                text(json, "registrytoken"));
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    private static String text(JsonNode json, String key) {
        // Docker's field names are matched case-insensitively by Go's JSON decoder.
        for (var it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equalsIgnoreCase(key) && json.get(name).isTextual()) return json.get(name).asText();
        }
        return "";
    }

    boolean isEmpty() {
        return username.isEmpty() && password.isEmpty() && identityToken.isEmpty() && registryToken.isEmpty();
    }

    boolean hasPassword() {
        return !username.isEmpty() || !password.isEmpty();
    }

    @Override
    public String toString() {
        return "Credential[" + username + "]";
    }
}
