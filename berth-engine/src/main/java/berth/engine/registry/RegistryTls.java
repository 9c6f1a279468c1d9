package berth.engine.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards one registry, from Docker's {@code certs.d/<host:port>/} layout: every {@code *.crt} is a CA trusted in
 * addition to the system's, and a {@code client.cert} (any {@code *.cert}) with the {@code .key} of the same name is
 * the client certificate. Keys are PEM PKCS#8 ("BEGIN PRIVATE KEY", what openssl 3 writes), RSA or EC.
 */
final class RegistryTls {
    private static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private RegistryTls() {}

    /** Verified TLS: the JDK's and the system's CAs plus the directory's; the host name is checked. */
    static SSLContext verified(Path dir) throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (X509TrustManager tm : defaultTrustManagers()) {
                for (X509Certificate c : tm.getAcceptedIssuers()) trust.setCertificateEntry("jdk-" + n++, c);
            }
            if (Files.isReadable(SYSTEM_BUNDLE)) {
                for (Certificate c : certificates(SYSTEM_BUNDLE)) trust.setCertificateEntry("system-" + n++, c);
            }
            for (Path crt : files(dir, ".crt")) {
                for (Certificate c : certificates(crt)) trust.setCertificateEntry("certs.d-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(dir), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS settings of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** TLS without verification (an insecure registry), still presenting a client certificate when one is set up. */
    static SSLContext unverified(Path dir) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(dir), new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS settings of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<X509TrustManager> defaultTrustManagers() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509TrustManager> out = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) if (tm instanceof X509TrustManager x) out.add(x);
        return out;
    }

    private static KeyManager[] keyManagers(Path dir) throws IOException, GeneralSecurityException {
        if (dir == null) return null;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        int n = 0;
        for (Path cert : files(dir, ".cert")) {
            String name = cert.getFileName().toString();
            Path key = cert.resolveSibling(name.substring(0, name.length() - ".cert".length()) + ".key");
            if (!Files.exists(key)) throw new IOException("missing key " + key.getFileName() + " for client certificate " + name);
            Certificate[] chain = certificates(cert).toArray(Certificate[]::new);
            keys.setKeyEntry("client-" + n++, privateKey(key), new char[0], chain);
        }
        if (n == 0) return null;
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        return kmf.getKeyManagers();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<? extends Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        return new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IOException("client key " + pem.getFileName() + " is not PEM PKCS#8 (BEGIN PRIVATE KEY); convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        String body = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body));
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    /** Accepts any server certificate and name: what "insecure" means for a registry that does speak TLS. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
