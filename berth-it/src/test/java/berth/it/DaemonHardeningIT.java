package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.BerthDaemon;
import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * berthd against clients that misbehave or go quiet, and its file permissions: raw HTTP over the Unix socket where
 * the docker CLI would not send such requests.
 */
class DaemonHardeningIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(harness.berthd().socket()));
    }

    private static void send(SocketChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) ch.write(b);
    }

    /** Reads until the head and a Content-Length body are in; returns them as text. */
    private static String readResponse(SocketChannel ch) throws IOException {
        StringBuilder in = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            int head = in.indexOf("\r\n\r\n");
            if (head >= 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(in.substring(0, head));
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (in.length() >= head + 4 + length) return in.substring(0, head + 4 + length);
            }
            buf.clear();
            if (ch.read(buf) < 0) return in.toString();
            in.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
    }

    /** True when the peer closes the connection within {@code seconds} (whatever it still sends is skipped). */
    private static boolean closedByPeer(SocketChannel ch, int seconds) throws Exception {
        var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            try {
                while (ch.read(buf) >= 0) buf.clear();
                return true;
            } catch (IOException e) {
                return true; // reset by the peer: closed as well
            }
        });
        try {
            return reader.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reader.cancel(true);
            return false;
        }
    }

    private static String stat(Path p) throws Exception {
        Process proc = new ProcessBuilder("stat", "-c", "%a", p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        proc.waitFor();
        return out;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void dataRootExecRootAndDatabaseAreClosedToOtherUsers() throws Exception {
        Harness.assumeBerthd();
        BerthDaemon d = harness.berthd();
        assertThat(stat(d.dataRoot())).isEqualTo("710");
        assertThat(stat(d.execRoot())).isEqualTo("700");
        assertThat(stat(d.dataRoot().resolve("berth.db"))).isEqualTo("600");
        assertThat(stat(d.dataRoot().resolve("containers"))).isEqualTo("700");
    }

    @Test
    void psFiltersBeforeAndSinceByCreationOrder() {
        String a = harness.name("order-a");
        String b = harness.name("order-b");
        String c = harness.name("order-c");
        for (String name : List.of(a, b, c)) docker.ok("create", "--name", name, "busybox", "true");
        String prefix = a.substring(a.lastIndexOf('-') + 1); // this run's token
        CommandResult since = docker.ok("ps", "-a", "--filter", "since=" + a, "--filter", "name=" + prefix, "--format", "{{.Names}}");
        assertThat(since.outLines()).as(since.describe()).contains(b, c).doesNotContain(a);
        CommandResult before = docker.ok("ps", "-a", "--filter", "before=" + c, "--filter", "name=" + prefix, "--format", "{{.Names}}");
        assertThat(before.outLines()).as(before.describe()).contains(a, b).doesNotContain(c);
        docker.ok("rm", a, b, c);
    }

    @Test
    void aBadFilterValueIs400NotAnInternalError() {
        CommandResult r = docker.run("ps", "--filter", "name=[");
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderr()).as(r.describe()).contains("invalid filter 'name=['").doesNotContain("internal error");
    }

    @Test
    void aBadSignalNameForStopIs400() {
        String name = harness.name("badsig");
        docker.ok("run", "-d", "--name", name, "busybox", "sleep", "60");
        try {
            CommandResult r = docker.run("stop", "-s", "NOPE", name);
            assertThat(r.exitCode()).as(r.describe()).isNotZero();
            assertThat(r.stderr()).as(r.describe()).contains("invalid signal: NOPE").doesNotContain("internal error");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void aHundredMegabyteBodyToAJsonEndpointIs413WithoutGrowingTheDaemon() throws Exception {
        Harness.assumeBerthd();
        long pid = harness.berthd().pid();
        long before = rssKb(pid);
        int size = 100 << 20;
        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.50/containers/create HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + size + "\r\n\r\n");
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (int sent = 0; sent < size; sent += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) ch.write(chunk);
            }
            String response = readResponse(ch);
            assertThat(response).startsWith("HTTP/1.1 413");
            // the connection was kept: the next request on it is answered
            send(ch, "GET /_ping HTTP/1.1\r\nHost: berth\r\n\r\n");
            assertThat(readResponse(ch)).startsWith("HTTP/1.1 200");
        }
        long grown = rssKb(pid) - before;
        assertThat(grown).as("berthd's RSS grew by %d kB", grown).isLessThan(48 << 10);
    }

    @Test
    void aLargeUploadToAnUnknownRouteIsAnswered404AndTheConnectionStaysUsable() throws Exception {
        int size = 20 << 20;
        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.50/no/such/route?t=x HTTP/1.1\r\nHost: berth\r\nContent-Type: application/x-tar\r\n"
                    + "Content-Length: " + size + "\r\n\r\n");
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (int sent = 0; sent < size; sent += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) ch.write(chunk); // a reset would throw "Broken pipe" here
            }
            String response = readResponse(ch);
            assertThat(response).startsWith("HTTP/1.1 404").endsWith("{\"message\":\"page not found\"}\n");
            send(ch, "GET /_ping HTTP/1.1\r\nHost: berth\r\n\r\n");
            assertThat(readResponse(ch)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void conflictingContentLengthAndTransferEncodingIs400AndTheConnectionIsClosed() throws Exception {
        try (SocketChannel ch = connect()) {
            send(ch, "POST /v1.50/containers/create HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nTransfer-Encoding: identity\r\n\r\n{}");
            assertThat(readResponse(ch)).startsWith("HTTP/1.1 400");
            assertThat(closedByPeer(ch, 10)).isTrue();
        }
    }

    @Test
    void hundredsOfIdleConnectionsDoNotStopOthersBeingServed() throws Exception {
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                SocketChannel ch = connect();
                if (i % 2 == 0) send(ch, "GET /_ping HTTP/1.1\r\nHost: ber"); // a request that never completes
                idle.add(ch);
            }
            CommandResult r = docker.ok("version", "--format", "{{.Server.APIVersion}}");
            assertThat(r.out()).isNotBlank();
        } finally {
            for (SocketChannel ch : idle) ch.close();
        }
    }

    @Test
    void anEventsSubscriberThatNeverReadsIsDisconnectedAndOthersAreStillServed() throws Exception {
        Harness.assumeBerthd();
        String repo = harness.name("evflood");
        try (SocketChannel stuck = connect(); SocketChannel api = connect()) {
            send(stuck, "GET /v1.50/events HTTP/1.1\r\nHost: berth\r\n\r\n");
            // tag and untag in a loop on one keep-alive connection: two events each, far more than a subscriber may lag
            for (int i = 0; i < 2500; i++) {
                send(api, "POST /v1.50/images/busybox/tag?repo=" + repo + "&tag=t HTTP/1.1\r\nHost: berth\r\nContent-Length: 0\r\n\r\n");
                assertThat(readResponse(api)).startsWith("HTTP/1.1 201");
                send(api, "DELETE /v1.50/images/" + repo + ":t HTTP/1.1\r\nHost: berth\r\n\r\n");
                assertThat(readResponse(api)).startsWith("HTTP/1.1 200");
            }
            assertThat(closedByPeer(stuck, 30)).as("berthd dropped the subscriber that stopped reading").isTrue();
            assertThat(docker.ok("version", "--format", "{{.Server.APIVersion}}").out()).isNotBlank();
        }
    }
}
