package berth.cli.registry;

import berth.api.Json;
import berth.cli.image.ImageRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The X-Registry-Auth header for a request about an image: the login config.json holds for its registry, if any. */
public final class RegistryAuth {
    /** "{}", what the docker CLI sends when it has no login for the registry. */
    public static final String ANONYMOUS = "e30=";

    private RegistryAuth() {}

    /** The registry of a reference as the CLI gets it ("busybox" → docker.io, "127.0.0.1:5000/x" → 127.0.0.1:5000). */
    public static String domainOf(String reference) {
        String repository = ImageRef.split(reference).repository();
        int slash = repository.indexOf('/');
        if (slash < 0) return "docker.io";
        String first = repository.substring(0, slash);
        boolean isDomain = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (!isDomain) return "docker.io";
        return first.equals("index.docker.io") ? "docker.io" : first;
    }

    /**
     * The header for {@code reference}; anonymous when config.json has no login for its registry. A config file or
     * helper that cannot be read is warned about and the request goes anonymous, as the docker CLI does.
     */
    public static String headerFor(String reference) {
        String domain = domainOf(reference);
        try {
            Optional<StoredLogin> login = DockerConfig.load().lookup(domain);
            return login.map(l -> encode(l, DockerConfig.serverKey(domain))).orElse(ANONYMOUS);
        } catch (IOException | RuntimeException e) {
            System.err.println("WARNING: no login used for " + domain + ": " + e.getMessage());
            return ANONYMOUS;
        }
    }

    static String encode(StoredLogin login, String serverAddress) {
        Map<String, String> body = new LinkedHashMap<>();
        if (!login.username().isEmpty()) body.put("username", login.username());
        if (!login.password().isEmpty()) body.put("password", login.password());
        if (!login.identityToken().isEmpty()) body.put("identitytoken", login.identityToken());
        body.put("serveraddress", serverAddress);
        try {
            return Base64.getUrlEncoder().encodeToString(Json.mapper().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
