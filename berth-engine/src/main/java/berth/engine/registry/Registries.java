package berth.engine.registry;

import berth.engine.image.Reference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * What a daemon knows about registries across pulls and pushes: how to reach each one (scheme and TLS, per
 * {@link RegistryConfig}), which of its endpoints answered last, the Bearer tokens still valid, and the blobs being
 * downloaded right now. One per {@link DistributionService}.
 */
final class Registries {
    private final RegistryConfig config;
    private final TokenCache tokens = new TokenCache();
    private final BlobFlights flights = new BlobFlights();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    /** domain → the base URL that last answered, tried first next time (no TLS probe of a plain-HTTP registry twice). */
    private final Map<String, URI> answered = new ConcurrentHashMap<>();

    Registries(RegistryConfig config) {
        this.config = config;
    }

    /** One base URL of a registry and the HTTP client (TLS settings) to reach it with. */
    record Endpoint(URI base, HttpClient http) {}

    RegistryConfig config() {
        return config;
    }

    TokenCache tokens() {
        return tokens;
    }

    BlobFlights flights() {
        return flights;
    }

    /**
     * The endpoints of {@code domain}, in the order to try them. With a certs.d directory (and not configured insecure):
     * verified HTTPS with its CAs and client certificate. Insecure: plain HTTP and unverified HTTPS (plain first for
     * loopback registries, which are usually plain; TLS first for the others, as Docker). Otherwise verified HTTPS.
     */
    List<Endpoint> endpoints(String domain) throws IOException {
        String host = domain.equals(Reference.DEFAULT_DOMAIN) ? "registry-1.docker.io" : domain;
        Path dir = certsDir(domain);
        List<Endpoint> out = new ArrayList<>();
        if (Files.isDirectory(dir) && !config.isConfiguredInsecure(domain)) {
            out.add(new Endpoint(URI.create("https://" + host), client("verified:" + dir, () -> RegistryTls.verified(dir))));
        } else if (config.isInsecure(domain)) {
            Endpoint plain = new Endpoint(URI.create("http://" + host), client("plain", () -> null));
            Endpoint tls = new Endpoint(URI.create("https://" + host), client("unverified:" + dir, () -> RegistryTls.unverified(dir)));
            out.addAll(RegistryConfig.isLoopbackDomain(domain) ? List.of(plain, tls) : List.of(tls, plain));
        } else {
            out.add(new Endpoint(URI.create("https://" + host), client("plain", () -> null)));
        }
        URI last = answered.get(domain);
        if (last != null) {
            for (int i = 1; i < out.size(); i++) {
                if (out.get(i).base().equals(last)) out.addFirst(out.remove(i));
            }
        }
        return out;
    }

    /** A mirror of docker.io: its own scheme; TLS by its host's certs.d directory and insecure setting. */
    Endpoint mirror(URI mirror) throws IOException {
        String domain = mirror.getRawAuthority();
        Path dir = certsDir(domain);
        URI base = URI.create(mirror.getScheme() + "://" + domain);
        if (mirror.getScheme().equals("http")) return new Endpoint(base, client("plain", () -> null));
        if (config.isInsecure(domain)) return new Endpoint(base, client("unverified:" + dir, () -> RegistryTls.unverified(dir)));
        if (Files.isDirectory(dir)) return new Endpoint(base, client("verified:" + dir, () -> RegistryTls.verified(dir)));
        return new Endpoint(base, client("plain", () -> null));
    }

    /** Remembers that {@code base} answered for {@code domain}. */
    void answered(String domain, URI base) {
        answered.put(domain, base);
    }

    /** {@code <certs-dir>/<host:port>}; the domain comes from a parsed reference and cannot climb out. */
    private Path certsDir(String domain) {
        if (domain.contains("/") || domain.startsWith(".")) throw new IllegalArgumentException("invalid registry name: " + domain);
        return config.certsDir().resolve(domain);
    }

    private interface TlsFactory {
        SSLContext create() throws IOException;
    }

    /** HTTP/1.1 (plain-http registries do not speak h2c, and blobs gain nothing from multiplexing); redirects by hand. */
    private HttpClient client(String key, TlsFactory tls) throws IOException {
        HttpClient existing = clients.get(key);
        if (existing != null) return existing;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(config.timeouts().connect());
        SSLContext ctx = tls.create();
        if (ctx != null) b.sslContext(ctx);
        HttpClient made = b.build();
        HttpClient raced = clients.putIfAbsent(key, made);
        return raced != null ? raced : made;
    }
}
