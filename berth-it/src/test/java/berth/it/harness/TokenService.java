package berth.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token service of a registry configured for token auth (distribution's {@code auth: token:}), in the test JVM:
 * RS256 JWTs signed with a key whose self-signed certificate (made with openssl) is the registry's root bundle.
 * Logged-in users (Basic "user:password") get every action asked for, anonymous clients only pull; a login asking
 * {@code offline_token=true} also gets a refresh token, which the OAuth refresh-token grant (POST) exchanges.
 * Records each request; {@link #expireNext} makes the next tokens already expired (their expires_in still says 300).
 */
public final class TokenService implements AutoCloseable {
    public static final String SERVICE = "berth-it";
    public static final String ISSUER = "berth-it-issuer";

    /** One request: GET or POST, its parameters, and whether it carried a login (Basic) header. */
    public record Request(String method, Map<String, String> params, String authorization) {}

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final PrivateKey key;
    private final String certificate;
    private final Path certFile;
    private final String user;
    private final String password;
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger expired = new AtomicInteger();

    private TokenService(Path dir, String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        this.certFile = dir.resolve("token-cert.pem");
        Path keyFile = dir.resolve("token-key.pem");
        ProcessRunner.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=berth-it-token", "-keyout", keyFile.toString(), "-out", certFile.toString()),
                Map.of(), null, Duration.ofSeconds(60)).requireSuccess();
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        certificate = Base64.getEncoder().encodeToString(pem(certFile));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static TokenService start(Path dir, String user, String password) {
        try {
            return new TokenService(dir, user, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The registry's configuration section pointing at this service. */
    public String registryConfig() {
        return "auth:\n  token: {realm: \"" + realm() + "\", service: " + SERVICE + ", issuer: " + ISSUER
                + ", rootcertbundle: " + certFile + "}\n";
    }

    /** The next {@code n} tokens are issued already expired. */
    public void expireNext(int n) {
        expired.set(n);
    }

    /** The requests that asked for {@code scope}. */
    public List<Request> asking(String scope) {
        return requests.stream().filter(r -> scope.equals(r.params().get("scope"))).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            boolean post = ex.getRequestMethod().equals("POST");
            String raw = post ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : ex.getRequestURI().getRawQuery();
            Map<String, String> params = new LinkedHashMap<>();
            List<String> scopes = new ArrayList<>();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                String k = pair.substring(0, eq);
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.merge(k, v, (a, b) -> a + " " + b);
                if (k.equals("scope")) scopes.addAll(List.of(v.split(" ")));
            }
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(ex.getRequestMethod(), params, authorization));
            boolean loggedIn;
            if (post) {
                loggedIn = "refresh_token".equals(params.get("grant_type")) && refreshTokens.contains(params.get("refresh_token"));
                if (!loggedIn) {
                    reply(ex, 401, "{\"details\":\"invalid refresh token\"}");
                    return;
                }
            } else if (authorization != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!authorization.equals(expected)) {
                    reply(ex, 401, "{\"details\":\"incorrect username or password\"}");
                    return;
                }
                loggedIn = true;
            } else {
                loggedIn = false;
            }
            String token = token(scopes, loggedIn);
            StringBuilder body = new StringBuilder("{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":300");
            if (!post && loggedIn && "true".equals(params.get("offline_token"))) {
                String refresh = "refresh-" + Long.toHexString(System.nanoTime());
                refreshTokens.add(refresh);
                body.append(",\"refresh_token\":\"").append(refresh).append('"');
            }
            reply(ex, 200, body.append('}').toString());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private String token(List<String> scopes, boolean loggedIn) throws java.security.GeneralSecurityException {
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) continue;
            List<String> actions = new ArrayList<>();
            for (String a : parts[2].split(",")) if (loggedIn || a.equals("pull")) actions.add("\"" + a + "\"");
            if (!access.isEmpty()) access.append(',');
            access.append("{\"type\":\"").append(parts[0]).append("\",\"name\":\"").append(parts[1])
                    .append("\",\"actions\":[").append(String.join(",", actions)).append("]}");
        }
        long now = System.currentTimeMillis() / 1000;
        boolean stale = expired.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        long exp = stale ? now - 3600 : now + 300;
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + (loggedIn ? user : "") + "\",\"aud\":\"" + SERVICE
                + "\",\"exp\":" + exp + ",\"nbf\":" + (now - 7200) + ",\"iat\":" + (now - 7200) + ",\"jti\":\""
                + System.nanoTime() + "\",\"access\":[" + access + "]}";
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + certificate + "\"]}";
        String signed = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64(rsa.sign());
    }

    private static String b64(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }

    private static byte[] pem(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
