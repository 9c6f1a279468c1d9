package berth.engine.registry;

import berth.api.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The token service of the registry's token auth (distribution's auth/token): grants every scope asked for, anonymously,
 * as an RS256 JWT whose x5c header carries a self-signed certificate the registry trusts. Records the queries.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "berth-test";
    static final String ISSUER = "berth-test-issuer";

    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    /** The raw query strings, where repeated scope parameters are all visible. */
    final List<String> rawQueries = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final PrivateKey key;
    private final String certificate;

    private TokenServer(Path dir) throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=berth-token",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(dir.resolve("key.pem"))));
        certificate = Base64.getEncoder().encodeToString(pem(dir.resolve("cert.pem")));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            // GET with a query, or (OAuth, for an identity token) POST with a form: scopes space-separated in one field.
            boolean form = exchange.getRequestMethod().equals("POST");
            String raw = form ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    : exchange.getRequestURI().getRawQuery();
            Map<String, String> query = query(raw);
            if (form) query.put("method", "POST");
            requests.add(query);
            rawQueries.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
            List<String> scopes = form ? List.of(query.getOrDefault("scope", "").split(" ")) : scopes(raw);
            byte[] body;
            try {
                body = Json.mapper().writeValueAsBytes(Map.of(form ? "access_token" : "token", token(scopes)));
            } catch (Exception e) {
                throw new IOException(e);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    static TokenServer start(Path dir) throws Exception {
        return new TokenServer(dir);
    }

    /** The registry configuration section that points at this server. */
    String registryConfig(Path dir) {
        return """
                auth:
                  token: {realm: "%s", service: %s, issuer: %s, rootcertbundle: %s}
                """.formatted(realm(), SERVICE, ISSUER, dir.resolve("cert.pem"));
    }

    /** A token for {@code scope}, as a client that logged in elsewhere would hold it. */
    String tokenFor(String scope) throws Exception {
        return token(List.of(scope));
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    private String token(List<String> scopes) throws Exception {
        List<Object> access = new ArrayList<>();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            access.add(Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
        }
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "");
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", Long.toString(System.nanoTime()));
        claims.put("access", access);
        String signed = b64(Json.mapper().writeValueAsBytes(Map.of("typ", "JWT", "alg", "RS256", "x5c", List.of(certificate))))
                + "." + b64(Json.mapper().writeValueAsBytes(claims));
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

    private static List<String> scopes(String raw) {
        List<String> out = new ArrayList<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            if (pair.startsWith("scope=")) out.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
