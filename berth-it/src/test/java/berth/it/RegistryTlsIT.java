package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.FreePort;
import berth.it.harness.Harness;
import berth.it.harness.LocalRegistry;
import berth.it.harness.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registries over TLS, with certificates the test makes with openssl: verified against the CA in berthd's certs
 * directory ({@code <certs-dir>/<host:port>/ca.crt}, Docker's certs.d layout, here a temporary directory named in
 * daemon.json), with a client certificate from there when the registry asks for one, refused when signed by a CA
 * nobody trusts; an insecure (loopback) registry speaking TLS is reached without verification. And a docker.io mirror:
 * the local registry serving library/busybox, which {@code docker pull busybox} gets its image from.
 */
class RegistryTlsIT {
    private static final Path CERTS = tempDir("berth-it-certs");
    private static final Path PKI = tempDir("berth-it-pki");
    private static final int MIRROR_PORT = FreePort.find();

    @RegisterExtension
    static final Harness harness = Harness.shared().withDaemonJson("{\"certs-dir\": \"" + CERTS + "\", "
            + "\"registry-mirrors\": [\"http://127.0.0.1:" + MIRROR_PORT + "\"], "
            + "\"insecure-registries\": [\"10.99.0.0/16\", \"plain.example:5000\"]}");

    private static final List<LocalRegistry> registries = new ArrayList<>();
    private static LocalRegistry verified;
    private static LocalRegistry mutual;
    private static LocalRegistry stranger;
    private static LocalRegistry insecureTls;
    private static LocalRegistry mirror;

    private final Docker docker = harness.docker();

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=berth-it-ca",
                "-keyout", PKI.resolve("ca.key").toString(), "-out", PKI.resolve("ca.crt").toString());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=nobody-trusts-me",
                "-keyout", PKI.resolve("other-ca.key").toString(), "-out", PKI.resolve("other-ca.crt").toString());
        signed("server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1");
        signed("stranger", "/CN=127.0.0.1", "other-ca", "subjectAltName=IP:127.0.0.1");
        signed("client", "/CN=berth-it-client", "ca", "extendedKeyUsage=clientAuth");

        String serverTls = "  tls:\n    certificate: " + PKI.resolve("server.crt") + "\n    key: " + PKI.resolve("server.key") + "\n";
        verified = registry(FreePort.find(), serverTls);
        certsDir(verified, true, false);
        mutual = registry(FreePort.find(), serverTls + "    clientcas:\n      - " + PKI.resolve("ca.crt") + "\n");
        certsDir(mutual, true, true);
        String strangerTls = "  tls:\n    certificate: " + PKI.resolve("stranger.crt") + "\n    key: " + PKI.resolve("stranger.key") + "\n";
        stranger = registry(FreePort.find(), strangerTls);
        certsDir(stranger, true, false);
        insecureTls = registry(FreePort.find(), strangerTls);
        mirror = registry(MIRROR_PORT, "");
    }

    @AfterAll
    static void stop() {
        registries.forEach(LocalRegistry::close);
        for (Path d : List.of(CERTS, PKI)) ProcessRunner.run(List.of("rm", "-rf", d.toString()), Map.of(), null, Duration.ofSeconds(30));
    }

    private static LocalRegistry registry(int port, String http) {
        LocalRegistry r = LocalRegistry.start(port, "", http);
        registries.add(r);
        return r;
    }

    private static void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        ProcessRunner.run(cmd, Map.of(), null, Duration.ofSeconds(60)).requireSuccess();
    }

    /** {@code name}.key and {@code name}.crt, signed by {@code ca}, with one extension line. */
    private static void signed(String name, String subject, String ca, String extension) throws IOException {
        Path ext = PKI.resolve(name + ".ext");
        Files.writeString(ext, extension + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", PKI.resolve(name + ".key").toString(),
                "-out", PKI.resolve(name + ".csr").toString());
        openssl("x509", "-req", "-in", PKI.resolve(name + ".csr").toString(), "-CA", PKI.resolve(ca + ".crt").toString(),
                "-CAkey", PKI.resolve(ca + ".key").toString(), "-CAcreateserial", "-days", "1",
                "-out", PKI.resolve(name + ".crt").toString(), "-extfile", ext.toString());
    }

    /** {@code <certs-dir>/<host:port>/} with our CA, and the client certificate when asked. */
    private static void certsDir(LocalRegistry r, boolean ca, boolean client) throws IOException {
        Path d = Files.createDirectories(CERTS.resolve(r.address()));
        if (ca) Files.copy(PKI.resolve("ca.crt"), d.resolve("ca.crt"));
        if (client) {
            Files.copy(PKI.resolve("client.crt"), d.resolve("client.cert"));
            Files.copy(PKI.resolve("client.key"), d.resolve("client.key"));
        }
    }

    private void assertPushThenPullWork(LocalRegistry r, String hint) {
        String ref = harness.image(r.address() + "/it/" + hint);
        docker.ok("tag", "busybox", ref);
        CommandResult push = docker.run("push", ref);
        assertThat(push.exitCode()).as(push.describe()).isZero();
        docker.ok("rmi", ref);
        CommandResult pull = docker.run("pull", ref);
        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(docker.ok("run", "--rm", ref, "echo", "over tls").out()).isEqualTo("over tls");
        docker.ok("rmi", ref);
    }

    @Test
    void aTlsRegistryIsVerifiedWithTheCaOfItsCertsDirectory() {
        assertPushThenPullWork(verified, "verified");
    }

    @Test
    void theClientCertificateOfTheCertsDirectoryIsPresented() {
        assertPushThenPullWork(mutual, "mutual");
    }

    @Test
    void aCertificateSignedByAnUnknownAuthorityIsRefused() {
        CommandResult pull = docker.run("pull", stranger.address() + "/it/anything:1");

        assertThat(pull.exitCode()).as(pull.describe()).isEqualTo(1);
        assertThat(pull.stderr()).as(pull.describe()).contains("x509: certificate signed by unknown authority");
    }

    @Test
    void anInsecureRegistrySpeakingTlsIsReachedWithoutVerification() {
        assertPushThenPullWork(insecureTls, "insecure-tls");
    }

    @Test
    void dockerIoImagesComeFromTheMirror() {
        docker.ok("tag", "busybox", mirror.address() + "/library/busybox:latest");
        docker.ok("push", mirror.address() + "/library/busybox:latest");
        String id = docker.inspect("{{.Id}}", "busybox");
        docker.ok("rmi", "busybox", mirror.address() + "/library/busybox:latest");

        CommandResult pull = docker.run("pull", "busybox");

        assertThat(pull.exitCode()).as(pull.describe()).isZero();
        assertThat(pull.stdout()).contains("docker.io/library/busybox:latest");
        assertThat(docker.inspect("{{.Id}}", "busybox")).isEqualTo(id);
        assertThat(docker.ok("run", "--rm", "busybox", "echo", "from the mirror").out()).isEqualTo("from the mirror");
    }

    @Test
    void infoShowsMirrorsInsecureCidrsAndRegistries() {
        String info = docker.ok("info", "--format", "{{json .RegistryConfig}}").out();

        assertThat(info).contains("\"InsecureRegistryCIDRs\":[\"::1/128\",\"127.0.0.0/8\",\"10.99.0.0/16\"]")
                .contains("\"Mirrors\":[\"http://127.0.0.1:" + MIRROR_PORT + "/\"]")
                .contains("\"plain.example:5000\":{\"Mirrors\":[],\"Name\":\"plain.example:5000\",\"Official\":false,\"Secure\":false}");
    }
}
