package berth.daemon.http;

import berth.daemon.config.ConfigException;
import berth.daemon.config.Tls;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/** The server's TLS context from the configured PEM files (the JDK's TLS, TLS 1.2 and 1.3 only, as dockerd). */
final class TlsContexts {
    private TlsContexts() {}

    /** Null when TLS is off. A file that cannot be read or parsed stops the start-up with its name. */
    static SslContext server(Tls tls) throws ConfigException {
        if (tls.mode() == Tls.Mode.OFF) return null;
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (tls.mode() == Tls.Mode.VERIFY) {
                builder.trustManager(tls.caCert().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("could not load TLS configuration (--tlscert " + tls.cert() + ", --tlskey "
                    + tls.key() + (tls.mode() == Tls.Mode.VERIFY ? ", --tlscacert " + tls.caCert() : "") + "): "
                    + rootMessage(e) + " (certificates and keys are PEM; keys unencrypted PKCS#8)");
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
