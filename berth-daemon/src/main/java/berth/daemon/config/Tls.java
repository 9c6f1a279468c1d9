package berth.daemon.config;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS for TCP listeners. {@code VERIFY} (--tlsverify) serves TLS and requires a client certificate signed by the CA;
 * {@code SERVER} (--tls alone) serves TLS without asking who the client is; {@code OFF} is plain HTTP.
 */
public record Tls(Mode mode, Path caCert, Path cert, Path key) {
    public enum Mode { OFF, SERVER, VERIFY }

    static final Path DEFAULT_DIR = Path.of("/etc/berth");
    public static final Tls OFF = new Tls(Mode.OFF, null, null, null);

    /**
     * dockerd's rule made strict: a TCP socket without client verification hands root to whoever reaches it, so it
     * is refused unless the user said so explicitly with --tls=false or --tlsverify=false.
     */
    static Tls resolve(Boolean tls, Boolean tlsVerify, Path caCert, Path cert, Path key, List<Host> hosts)
            throws ConfigException {
        boolean verify = Boolean.TRUE.equals(tlsVerify);
        boolean serve = verify || Boolean.TRUE.equals(tls);
        Tls out = new Tls(verify ? Mode.VERIFY : serve ? Mode.SERVER : Mode.OFF,
                caCert == null ? DEFAULT_DIR.resolve("ca.pem") : caCert,
                cert == null ? DEFAULT_DIR.resolve("cert.pem") : cert,
                key == null ? DEFAULT_DIR.resolve("key.pem") : key);
        boolean optedOut = Boolean.FALSE.equals(tls) || Boolean.FALSE.equals(tlsVerify);
        for (Host host : hosts) {
            if (host instanceof Host.Tcp && !verify && !optedOut) {
                throw new ConfigException("refusing to listen on " + host + " without TLS client verification: anyone "
                        + "who can reach it would have root on this machine. Pass --tlsverify with --tlscacert, --tlscert "
                        + "and --tlskey, or say '--tls=false' or '--tlsverify=false' explicitly to accept the risk");
            }
        }
        return out;
    }
}
