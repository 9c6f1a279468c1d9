package berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import berth.it.harness.CommandResult;
import berth.it.harness.Docker;
import berth.it.harness.Harness;
import berth.it.harness.NetworkProbe;
import berth.it.harness.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Published ports through the docker CLI: every -p form, -P, {@code docker port}, the PORTS column, traffic on
 * loopback and from another container, and a host port that is taken failing the start with Docker's messages while
 * the container stays created with nothing of its network left. Traffic goes to 127.0.0.1 and containers only.
 */
class DockerPublishIT {
    @RegisterExtension
    static final Harness harness = Harness.shared();

    private final Docker docker = harness.docker();

    private static final String[] WEB = {"busybox", "sh", "-c",
            "mkdir /www && echo published > /www/index.html && httpd -f -p 80 -h /www"};

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String runWeb(String name, String... publish) {
        String[] args = new String[4 + publish.length + WEB.length];
        args[0] = "run";
        args[1] = "-d";
        args[2] = "--name";
        args[3] = name;
        System.arraycopy(publish, 0, args, 4, publish.length);
        System.arraycopy(WEB, 0, args, 4 + publish.length, WEB.length);
        return docker.ok(args).out();
    }

    /** GET / on 127.0.0.1:port, retried while httpd starts. */
    private static String fetch(int port) {
        return fetch("127.0.0.1", port);
    }

    /** GET / on host:port, retried while httpd starts. */
    private static String fetch(String host, int port) {
        String[] body = {null};
        Poll.until(Duration.ofSeconds(20)).check(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!response.startsWith("HTTP/1.")) return false;
                    body[0] = response.substring(response.indexOf("\r\n\r\n") + 4);
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }, () -> "nothing answered on " + host + ":" + port);
        return body[0];
    }

    @Test
    void publishedPortAnswersOnLoopback() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("p");
        int port = freePort();
        runWeb(name, "-p", port + ":80");
        try {
            assertThat(fetch(port)).isEqualTo("published\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void anIpv6ClientReachesTheContainerThroughAPortPublishedWithoutAnAddress() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("v6");
        int port = freePort();
        runWeb(name, "-p", port + ":80");
        try {
            // each try waits at most seconds for an answer: a hold that nobody accepts would never give one
            assertThat(fetch("::1", port)).isEqualTo("published\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void aPortPublishedWithoutAnAddressIsOnIpv4AndIpv6InPortInspectAndPs() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("both");
        int port = freePort();
        docker.ok("run", "-d", "--name", name, "-p", port + ":80", "busybox", "sleep", "300");
        try {
            assertThat(docker.ok("port", name).outLines()).containsExactly("80/tcp -> 0.0.0.0:" + port,
                    "80/tcp -> [::]:" + port);
            assertThat(docker.inspect("{{json .NetworkSettings.Ports}}", name)).isEqualTo("{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\","
                    + "\"HostPort\":\"" + port + "\"},{\"HostIp\":\"::\",\"HostPort\":\"" + port + "\"}]}");
            assertThat(docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Ports}}").out())
                    .isEqualTo("0.0.0.0:" + port + "->80/tcp, [::]:" + port + "->80/tcp");
            assertThat(psNames("publish=" + port)).contains(name);
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void aPortPublishedOnAnAddressIsOnThatAddressAlone() throws Exception {
        Harness.assumeBerthd();
        String v4 = harness.name("on4");
        String v6 = harness.name("on6");
        int port4 = freePort();
        int port6 = freePort();
        runWeb(v4, "-p", "127.0.0.1:" + port4 + ":80");
        runWeb(v6, "-p", "[::1]:" + port6 + ":80");
        try {
            assertThat(docker.ok("port", v4).out()).isEqualTo("80/tcp -> 127.0.0.1:" + port4);
            assertThat(docker.ok("port", v6).out()).isEqualTo("80/tcp -> [::1]:" + port6);
            assertThat(fetch(port4)).isEqualTo("published\n");
            assertThat(fetch("::1", port6)).isEqualTo("published\n");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("::1", port4), 5000);
                throw new AssertionError("[::1]:" + port4 + " accepted a connection; only 127.0.0.1 is published");
            } catch (java.net.ConnectException refused) {
                assertThat(refused).hasMessageContaining("refused");
            }
        } finally {
            docker.run("rm", "-f", v4, v6);
        }
    }

    @Test
    void anIpv6ClientReachesAUdpPortPublishedWithoutAnAddress() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("udp6");
        int port = freePort();
        // busybox has no UDP server: the host's python, run through its loader from the read-only /usr
        docker.ok("run", "-d", "--name", name, "-p", port + ":90/udp", "-v", "/usr:/host/usr:ro", "busybox",
                "/host/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "--library-path", "/host/usr/lib/x86_64-linux-gnu",
                "/host/usr/bin/python3", "-c", "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                        + "s.bind(('0.0.0.0', 90))\nwhile True:\n    d, a = s.recvfrom(65535)\n    s.sendto(b'echo:' + d, a)\n");
        try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            ch.connect(new InetSocketAddress("::1", port));
            java.nio.ByteBuffer answer = java.nio.ByteBuffer.allocate(100);
            Poll.until(Duration.ofSeconds(20)).check(() -> {
                try {
                    ch.write(java.nio.ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    ch.socket().setSoTimeout(1000); // the echo server may not be listening yet: ask again
                    java.net.DatagramPacket p = new java.net.DatagramPacket(answer.array(), 100);
                    ch.socket().receive(p);
                    answer.limit(p.getLength());
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }, () -> "no answer on [::1]:" + port + "/udp; " + docker.run("logs", name).describe());
            assertThat(new String(answer.array(), 0, answer.limit(), StandardCharsets.US_ASCII)).isEqualTo("echo:ping");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void theIpv6RelayPassesAHalfCloseOnAndTheAnswerBack() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("half");
        int port = freePort();
        // the container answers once it has read everything: only a half-close tells it the client is done
        docker.ok("run", "-d", "--name", name, "-p", port + ":80", "busybox", "nc", "-ll", "-p", "80", "-e", "sh", "-c",
                "cat > /tmp/in; echo got:$(cat /tmp/in)");
        try {
            String[] answer = {null};
            Poll.until(Duration.ofSeconds(20)).check(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("::1", port), 2000);
                    s.setSoTimeout(5000);
                    s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    answer[0] = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    return !answer[0].isEmpty(); // empty: nc was not listening yet
                } catch (IOException e) {
                    return false;
                }
            }, () -> "no answer on [::1]:" + port);
            assertThat(answer[0]).isEqualTo("got:hello\n");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void theIpv6PortOfAnotherContainerFailsTheStartWithDockersMessage() throws Exception {
        Harness.assumeBerthd();
        String holder = harness.name("holder6");
        String second = harness.name("second6");
        int port = freePort();
        docker.ok("run", "-d", "--name", holder, "-p", port + ":80", "busybox", "sleep", "300");
        try {
            CommandResult r = docker.run("run", "-d", "--name", second, "-p", "[::]:" + port + ":80", "busybox", "sleep", "300");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).contains("Bind for :::" + port + " failed: port is already allocated");
            assertThat(docker.inspect("{{.State.Status}}", second)).isEqualTo("created");
        } finally {
            docker.run("rm", "-f", holder, second);
        }
    }

    @Test
    void theIpv6SideOfAPublishedPortIsReleasedAtRm() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("rm6");
        int port = freePort();
        docker.ok("run", "-d", "--name", name, "-p", port + ":80", "busybox", "sleep", "300");
        try (ServerSocket s = new ServerSocket()) {
            try {
                s.bind(new InetSocketAddress("::1", port));
                throw new AssertionError("a host process could bind [::1]:" + port + " while it is published");
            } catch (java.net.BindException expected) {
                assertThat(expected).hasMessageContaining("in use");
            }
        } finally {
            docker.run("rm", "-f", name);
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("::1", port)); // released with the container
        }
    }

    @Test
    void publishedPortAnswersAnotherContainerOnTheGatewayAddress() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("p");
        int port = freePort();
        runWeb(name, "-p", port + ":80");
        try {
            fetch(port);
            String gateway = harness.berthd().networks().gateway();
            CommandResult r = docker.ok("run", "--rm", "busybox", "wget", "-q", "-O-",
                    "http://" + gateway + ":" + port + "/index.html");
            assertThat(r.out()).as(r.describe()).isEqualTo("published");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void everyPublishFormIsShownByDockerPortAndPs() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("forms");
        int fixed = freePort();
        int udpLow = freePort();
        docker.ok("run", "-d", "--name", name, "-p", fixed + ":80", "-p", "127.0.0.1::81", "-p", "82",
                "-p", udpLow + ":90/udp", "--expose", "99", "busybox", "sleep", "300");
        try {
            CommandResult port = docker.ok("port", name);
            assertThat(port.outLines()).as(port.describe()).contains("80/tcp -> 0.0.0.0:" + fixed,
                    "90/udp -> 0.0.0.0:" + udpLow);
            assertThat(port.out()).containsPattern("81/tcp -> 127\\.0\\.0\\.1:\\d+").containsPattern("82/tcp -> 0\\.0\\.0\\.0:\\d+");
            assertThat(port.out()).doesNotContain("99/tcp");
            assertThat(docker.ok("port", name, "80").outLines()).containsExactly("0.0.0.0:" + fixed, "[::]:" + fixed);
            String ps = docker.ok("ps", "--filter", "name=" + name, "--format", "{{.Ports}}").out();
            assertThat(ps).contains("0.0.0.0:" + fixed + "->80/tcp").contains("99/tcp")
                    .containsPattern("127\\.0\\.0\\.1:\\d+->81/tcp").contains("0.0.0.0:" + udpLow + "->90/udp");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void psFiltersByPublishedAndExposedPortWithRangesAndProtocols() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("pf");
        int port = freePort();
        docker.ok("run", "-d", "--name", name, "-p", port + ":80", "--expose", "53/udp", "busybox", "sleep", "300");
        try {
            assertThat(psNames("publish=" + port)).contains(name);
            assertThat(psNames("publish=" + port + "/tcp")).contains(name);
            assertThat(psNames("publish=" + port + "/udp")).doesNotContain(name);
            assertThat(psNames("expose=80")).contains(name);
            assertThat(psNames("expose=50-60/udp")).contains(name);
            assertThat(psNames("expose=53")).doesNotContain(name);
            CommandResult bad = docker.run("ps", "--filter", "publish=127.0.0.1:" + port);
            assertThat(bad.exitCode()).as(bad.describe()).isNotZero();
            assertThat(bad.stderr()).contains("filter for 'publish' should not contain ':'");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    private java.util.List<String> psNames(String filter) {
        return docker.ok("ps", "--filter", filter, "--format", "{{.Names}}").outLines();
    }

    @Test
    void publishAllPublishesExposedPortsOnRandomHostPorts() {
        Harness.assumeBerthd();
        String name = harness.name("all");
        docker.ok("run", "-d", "--name", name, "--expose", "80", "--expose", "7000/udp", "-P", "busybox", "sleep", "300");
        try {
            String port = docker.ok("port", name).out();
            assertThat(port).containsPattern("80/tcp -> 0\\.0\\.0\\.0:\\d+").containsPattern("7000/udp -> 0\\.0\\.0\\.0:\\d+");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void hostPortRangePublishesOnAFreePortOfTheRange() throws Exception {
        Harness.assumeBerthd();
        String first = harness.name("range1");
        String second = harness.name("range2");
        int low = freePort();
        runWeb(first, "-p", low + ":80");
        try {
            // the first port of the range is taken by the other container: the next one is used
            runWeb(second, "-p", low + "-" + (low + 1) + ":80");
            assertThat(docker.ok("port", second, "80").outLines()).containsExactly("0.0.0.0:" + (low + 1), "[::]:" + (low + 1));
        } finally {
            docker.run("rm", "-f", first, second);
        }
    }

    @Test
    void hostPortOfAnotherContainerFailsTheStartAndLeavesItCreatedWithoutNetwork() throws Exception {
        Harness.assumeBerthd();
        String holder = harness.name("holder");
        String second = harness.name("second");
        int port = freePort();
        runWeb(holder, "-p", port + ":80");
        try {
            NetworkProbe.Snapshot before = new NetworkProbe(harness.berthd()).settled();
            CommandResult r = docker.run("run", "-d", "--name", second, "-p", port + ":80", "busybox", "sleep", "300");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated");
            assertThat(docker.inspect("{{.State.Status}}|{{.NetworkSettings.IPAddress}}", second)).isEqualTo("created|");
            assertThat(new NetworkProbe(harness.berthd()).awaiting(before)).isEqualTo(before);
            assertThat(fetch(port)).isEqualTo("published\n");
        } finally {
            docker.run("rm", "-f", holder, second);
        }
    }

    @Test
    void hostPortTakenByAHostProcessFailsWithAddressInUse() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("taken");
        try (ServerSocket taken = new ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            CommandResult r = docker.run("run", "-d", "--name", name, "-p", port + ":80", "busybox", "sleep", "300");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(125);
            assertThat(r.stderr()).contains("failed to bind host port for 0.0.0.0:" + port).contains("address already in use");
            assertThat(docker.inspect("{{.State.Status}}", name)).isEqualTo("created");
        } finally {
            docker.run("rm", "-f", name);
        }
    }

    @Test
    void berthdHoldsThePublishedPortSoAHostProcessCannotTakeIt() throws Exception {
        Harness.assumeBerthd();
        String name = harness.name("held");
        int port = freePort();
        docker.ok("run", "-d", "--name", name, "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "300");
        try (ServerSocket s = new ServerSocket()) {
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                throw new AssertionError("a host process could bind published port " + port);
            } catch (java.net.BindException expected) {
                assertThat(expected).hasMessageContaining("in use");
            }
        } finally {
            docker.run("rm", "-f", name);
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port)); // released with the container
        }
    }
}
