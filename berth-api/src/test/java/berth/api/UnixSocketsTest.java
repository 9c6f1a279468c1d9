package berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
    @TempDir
    Path dir;

    @Test
    void aClientSocketTalksToAServerSocket() throws IOException {
        Path path = dir.resolve("s.sock");
        try (ServerSocketChannel server = UnixSockets.openServer()) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel client = UnixSockets.open()) {
                client.connect(UnixDomainSocketAddress.of(path));
                try (SocketChannel accepted = server.accept()) {
                    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer in = ByteBuffer.allocate(4);
                    while (in.hasRemaining()) accepted.read(in);
                    assertThat(new String(in.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
                }
            }
        }
    }

    @Test
    void theDeferredRandomDrawsFromTheJdksSecureRandom() {
        UnixSockets.DeferredRandom random = new UnixSockets.DeferredRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.engineNextBytes(a);
        random.engineNextBytes(b);
        assertThat(a).isNotEqualTo(new byte[32]).isNotEqualTo(b);
    }

    /** The point of the class: with the launchers' exports, the first socket loads no security provider. */
    @Test
    void theFirstSocketSetsUpNoSecurityProviderAndScansNoClassPath() throws Exception {
        String classes = loadedClasses("--add-exports=java.base/sun.security.jca=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(classes).contains("sun.nio.ch.UnixDomainSockets ")
                .doesNotContain("sun.security.provider.Sun ")
                .doesNotContain("java.util.ServiceLoader$LazyClassPathLookupIterator ");
    }

    @Test
    void withoutTheExportsTheJdksOrdinaryWayStillWorks() throws Exception {
        assertThat(loadedClasses()).contains("sun.nio.ch.UnixDomainSockets ").contains("PROBE OK");
    }

    /** The classes a fresh JVM loads while {@link Probe} opens a socket (its -Xlog:class+load lines). */
    private String loadedClasses(String... exports) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(exports));
        command.add(Probe.class.getName());
        Path out = dir.resolve("probe.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(out);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("PROBE OK");
        return log;
    }

    /** Opens and closes one Unix socket, as the CLI's first request does. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            UnixSockets.open().close();
            System.out.println("PROBE OK");
        }
    }
}
