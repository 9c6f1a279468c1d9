package berth.engine.registry;

import berth.api.Json;
import berth.api.errors.InvalidArgumentException;
import berth.api.errors.UnauthorizedException;
import berth.api.errors.UnavailableException;
import berth.engine.image.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * {@code POST /auth}: whether a login is good for a registry, found out as Docker does: {@code GET /v2/}, and on a
 * challenge, Basic with the password or a token from the realm (asked with {@code offline_token=true}, so that a
 * token server that issues refresh tokens hands one back as the identity token the client stores instead of the
 * password). Nothing of the credential appears in an error.
 */
final class RegistryLogin {
    private static final Pattern DOMAIN = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
            + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    private static final List<String> DOCKER_HUB = List.of("docker.io", "index.docker.io", "registry-1.docker.io",
            "registry.hub.docker.com");

    private final Registries registries;

    RegistryLogin(Registries registries) {
        this.registries = registries;
    }

    DistributionService.LoginResult login(Credential credential, String serverAddress) {
        String domain = domain(serverAddress);
        List<Registries.Endpoint> endpoints;
        try {
            endpoints = registries.endpoints(domain);
        } catch (IOException e) {
            throw new InvalidArgumentException("registry settings for " + domain + ": " + e.getMessage());
        }
        IOException last = null;
        for (Registries.Endpoint endpoint : endpoints) {
            URI ping = endpoint.base().resolve("/v2/");
            try {
                HttpResponse<byte[]> r = get(endpoint, ping, Optional.empty());
                if (r.statusCode() == 400 && endpoint.base().getScheme().equals("http") && endpoint != endpoints.getLast()) continue;
                registries.answered(domain, endpoint.base());
                return answer(endpoint, ping, r, credential);
            } catch (SSLException e) {
                last = e;
            } catch (IOException e) {
                last = e;
                break;
            }
        }
        throw new UnavailableException("Get \"" + endpoints.getFirst().base().resolve("/v2/") + "\": "
                + (last == null ? "no answer" : last.getMessage()));
    }

    private DistributionService.LoginResult answer(Registries.Endpoint endpoint, URI ping, HttpResponse<byte[]> r,
                                                   Credential credential) throws IOException {
        if (r.statusCode() == 200) return new DistributionService.LoginResult("Login Succeeded", "");
        Optional<Challenge> challenge = r.headers().firstValue("WWW-Authenticate").map(Challenge::parse);
        if (r.statusCode() != 401 || challenge.isEmpty()) throw failed(ping, r.statusCode());
        if (challenge.get().isBasic()) {
            if (!credential.hasPassword()) throw failed(ping, 401);
            HttpResponse<byte[]> again = get(endpoint, ping, Optional.of(basic(credential)));
            if (again.statusCode() != 200) throw failed(ping, again.statusCode());
            return new DistributionService.LoginResult("Login Succeeded", "");
        }
        if (!challenge.get().isBearer()) throw failed(ping, 401);
        String identityToken = "";
        String access;
        if (credential.hasPassword()) {
            JsonNode token = token(endpoint, ping, challenge.get(), credential);
            access = token.hasNonNull("token") ? token.get("token").asText() : token.path("access_token").asText("");
            identityToken = token.path("refresh_token").asText("");
        } else {
            Authenticator authenticator = new Authenticator(endpoint.http(), Optional.of(credential),
                    registries.config().timeouts().response(), new TokenCache());
            Optional<Authenticator.Authorization> a;
            try {
                a = authenticator.authorize(challenge.get(), List.of(), false);
            } catch (RegistryException e) {
                throw new UnauthorizedException("Get \"" + ping + "\": " + e.dockerText());
            }
            access = a.map(x -> x.header().substring("Bearer ".length())).orElse("");
        }
        if (access.isEmpty()) throw new UnauthorizedException("Get \"" + ping + "\": unauthorized: the token server issued no token");
        HttpResponse<byte[]> again = get(endpoint, ping, Optional.of("Bearer " + access));
        if (again.statusCode() != 200) throw failed(ping, again.statusCode());
        return new DistributionService.LoginResult("Login Succeeded", identityToken);
    }

    /** GET realm?account=…&client_id=docker&offline_token=true&service=… with the username and password as Basic. */
    private JsonNode token(Registries.Endpoint endpoint, URI ping, Challenge challenge, Credential credential) throws IOException {
        String realm = challenge.params().get("realm");
        if (realm == null || realm.isEmpty()) throw new IOException("registry sent a Bearer challenge without realm");
        StringBuilder query = new StringBuilder("account=").append(encode(credential.username()))
                .append("&client_id=docker&offline_token=true");
        String service = challenge.params().get("service");
        if (service != null) query.append("&service=").append(encode(service));
        URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpResponse<byte[]> r = RegistryTransport.sendRaw(endpoint.http(), HttpRequest.newBuilder(uri)
                .timeout(registries.config().timeouts().response()).header("Authorization", basic(credential)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new UnauthorizedException("Get \"" + ping + "\": unauthorized: " + tokenServerMessage(r.body()));
        }
        if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body());
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new IOException("token server " + realm + " answered no JSON");
        }
    }

    /** The token server's own words (errors[0].message or details), else distribution's default. */
    private static String tokenServerMessage(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            String m = json.path("errors").path(0).path("message").asText("");
            if (m.isEmpty()) m = json.path("details").asText("");
            if (!m.isEmpty() && m.length() < 300) return m;
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        return "authentication required";
    }

    private HttpResponse<byte[]> get(Registries.Endpoint endpoint, URI uri, Optional<String> authorization) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(registries.config().timeouts().response()).GET();
        authorization.ifPresent(a -> b.header("Authorization", a));
        return RegistryTransport.sendRaw(endpoint.http(), b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** moby's words for a login the registry refused. */
    private static UnauthorizedException failed(URI ping, int status) {
        return new UnauthorizedException("login attempt to " + ping + " failed with status: " + status + " " + reason(status));
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    /**
     * The registry a login is for: "" and Docker Hub's names are docker.io; a URL keeps only its host and port (the
     * docker CLI sends "https://index.docker.io/v1/" for Docker Hub).
     */
    static String domain(String serverAddress) {
        String s = serverAddress == null ? "" : serverAddress.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) s = s.substring(8);
        else if (lower.startsWith("http://")) s = s.substring(7);
        int slash = s.indexOf('/');
        if (slash >= 0) s = s.substring(0, slash);
        if (s.isEmpty() || DOCKER_HUB.contains(s.toLowerCase(Locale.ROOT))) return Reference.DEFAULT_DOMAIN;
        if (!DOMAIN.matcher(s).matches()) throw new InvalidArgumentException("invalid registry address: " + serverAddress);
        return s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String basic(Credential c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }
}
