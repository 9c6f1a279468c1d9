package berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import berth.api.errors.ConflictException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Holding published ports, and relaying their IPv6 side to a stand-in container (a server on 127.0.0.1). */
class HostPortsTest {
    private static final String CONTAINER = "c1";

    /** Answers each connection with "got:" and what it read until the client's half-close. */
    private static ServerSocket container() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    byte[] in = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(("got:" + new String(in, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        return server;
    }

    private static HostPorts ports() {
        return new HostPorts(id -> id.equals(CONTAINER) ? Optional.of("127.0.0.1") : Optional.empty());
    }

    private static String ask(String host, int port, String what) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(what.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aPortWithoutAnAddressIsPublishedOnBothWildcardsWithOneNumber() {
        HostPorts ports = ports();
        List<PublishedPort> out = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest("tcp", "", 0, 0, 80)));
        try {
            assertThat(out).hasSize(2);
            assertThat(out.get(0).hostIp()).isEqualTo("0.0.0.0");
            assertThat(out.get(1).hostIp()).isEqualTo("::");
            assertThat(out.get(1).hostPort()).isEqualTo(out.get(0).hostPort());
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void onAHostWithoutIpv6APortWithoutAnAddressIsOnIpv4Alone() throws Exception {
        HostPorts ports = new HostPorts(id -> Optional.empty(), () -> false);
        List<PublishedPort> out = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest("tcp", "", 0, 0, 80)));
        try {
            assertThat(out).extracting(PublishedPort::hostIp).containsExactly("0.0.0.0");
            int port = out.getFirst().hostPort();
            assertThatThrownBy(() -> ask("::1", port, "x")).isInstanceOf(ConnectException.class);
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void anIpv6ClientIsRelayedToTheContainerWithItsHalfClosePassedOn() throws Exception {
        HostPorts ports = ports();
        try (ServerSocket container = container()) {
            int port = ports.bind(CONTAINER, "e", "127.0.0.1",
                    List.of(new PortRequest("tcp", "", 0, 0, container.getLocalPort()))).getFirst().hostPort();
            assertThat(ask("::1", port, "hello")).isEqualTo("got:hello");
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void anIpv6UdpClientGetsTheContainersAnswers() throws Exception {
        HostPorts ports = ports();
        try (java.nio.channels.DatagramChannel container = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread.ofVirtual().start(() -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(100);
                try {
                    while (true) {
                        b.clear();
                        java.net.SocketAddress from = container.receive(b);
                        b.flip();
                        container.send(java.nio.ByteBuffer.wrap(("echo:" + StandardCharsets.US_ASCII.decode(b)).getBytes(StandardCharsets.US_ASCII)), from);
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            int port = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest("udp", "", 0, 0,
                    ((InetSocketAddress) container.getLocalAddress()).getPort()))).getFirst().hostPort();
            try (java.net.DatagramSocket client = new java.net.DatagramSocket(new InetSocketAddress("::1", 0))) {
                client.setSoTimeout(10_000);
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                client.send(new java.net.DatagramPacket(ping, ping.length, new InetSocketAddress("::1", port)));
                java.net.DatagramPacket answer = new java.net.DatagramPacket(new byte[100], 100);
                client.receive(answer);
                assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII)).isEqualTo("echo:ping");
                assertThat(((InetSocketAddress) answer.getSocketAddress()).getPort()).isEqualTo(port);
            }
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void aPortOnAnIpv4AddressRefusesIpv6Clients() throws Exception {
        HostPorts ports = ports();
        int port = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest("tcp", "127.0.0.1", 0, 0, 80)))
                .getFirst().hostPort();
        try {
            assertThatThrownBy(() -> ask("::1", port, "x")).isInstanceOf(ConnectException.class);
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void theIpv6SideOfAnotherContainersPortIsAlreadyAllocated() {
        HostPorts ports = ports();
        int port = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest("tcp", "", 0, 0, 80))).getFirst().hostPort();
        try {
            assertThatThrownBy(() -> ports.bind("c2", "e2", "127.0.0.2", List.of(new PortRequest("tcp", "::1", port, port, 80))))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("Bind for ::1:" + port + " failed: port is already allocated");
        } finally {
            ports.release(CONTAINER);
        }
    }

    @Test
    void releaseFreesBothFamiliesAndEndsRelayedConnections() throws Exception {
        HostPorts ports = ports();
        try (ServerSocket container = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = ports.bind(CONTAINER, "e", "127.0.0.1",
                    List.of(new PortRequest("tcp", "", 0, 0, container.getLocalPort()))).getFirst().hostPort();
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("::1", port), 5000);
                client.setSoTimeout(10_000);
                try (Socket upstream = container.accept()) { // the relay's connection: the container never answers
                    ports.release(CONTAINER);
                    assertThat(client.getInputStream().read()).isEqualTo(-1);
                }
            }
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress("::", port));
            }
            assertThat(ports.count()).isZero();
        }
    }

    @Test
    void aReleasedPortIsFreeForTheNextContainerAtOnce() throws Exception {
        HostPorts ports = ports();
        for (String protocol : List.of("tcp", "udp")) {
            for (int i = 0; i < 50; i++) {
                int port = ports.bind(CONTAINER, "e", "127.0.0.1", List.of(new PortRequest(protocol, "", 0, 0, 80)))
                        .getFirst().hostPort();
                ports.release(CONTAINER);
                List<PublishedPort> again = ports.bind("c2", "e2", "127.0.0.2",
                        List.of(new PortRequest(protocol, "", port, port, 80)));
                assertThat(again).extracting(PublishedPort::hostPort).containsOnly(port);
                ports.release("c2");
            }
        }
    }
}
