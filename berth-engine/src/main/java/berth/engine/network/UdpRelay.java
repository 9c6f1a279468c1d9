package berth.engine.network;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The IPv6 side of a published UDP port (see {@link TcpRelay} for why): each client address gets a socket connected
 * to the container's address, its datagrams go out through it, and the container's answers come back from the
 * published port. A client's flow ends after {@link #IDLE} without datagrams either way, as a connection-tracking
 * entry would. One virtual thread receives for the port, one per flow for the answers.
 */
final class UdpRelay implements Closeable {
    /** docker-proxy's UDP flow timeout. */
    static final Duration IDLE = Duration.ofSeconds(90);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel server;
    private final Supplier<Optional<InetSocketAddress>> target;
    private final boolean ipv4Clients;
    private final Map<SocketAddress, Flow> flows = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final ListenerThread listener;

    private static final class Flow {
        final DatagramChannel upstream;
        volatile long lastUsed = System.nanoTime();

        Flow(DatagramChannel upstream) {
            this.upstream = upstream;
        }
    }

    UdpRelay(DatagramChannel server, Supplier<Optional<InetSocketAddress>> target, boolean ipv4Clients) {
        this.server = server;
        this.target = target;
        this.ipv4Clients = ipv4Clients;
        this.listener = ListenerThread.start("port-relay-udp", this::receiveLoop);
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            SocketAddress client;
            try {
                buffer.clear();
                client = server.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue; // an ICMP error of an earlier answer, say: the next datagram is unaffected
            }
            if (!ipv4Clients && !(((InetSocketAddress) client).getAddress() instanceof Inet6Address)) continue;
            buffer.flip();
            try {
                Flow flow = flows.get(client);
                if (flow == null) {
                    Optional<InetSocketAddress> to = target.get();
                    if (to.isEmpty()) continue;
                    flow = open(client, to.get());
                }
                flow.lastUsed = System.nanoTime();
                flow.upstream.write(buffer);
            } catch (IOException e) {
                // the container is not there (yet): the datagram is lost, as UDP allows
            }
        }
    }

    private Flow open(SocketAddress client, InetSocketAddress to) throws IOException {
        DatagramChannel upstream = DatagramChannel.open();
        try {
            upstream.connect(to);
            upstream.socket().setSoTimeout((int) IDLE.toMillis());
        } catch (IOException e) {
            upstream.close();
            throw e;
        }
        Flow flow = new Flow(upstream);
        flows.put(client, flow);
        if (closed) {
            upstream.close();
            throw new ClosedChannelException();
        }
        Thread.ofVirtual().name("port-relay-udp-flow").start(() -> answer(client, flow));
        return flow;
    }

    /** Sends the container's answers to {@code client} until the flow has been idle for {@link #IDLE}. */
    private void answer(SocketAddress client, Flow flow) {
        byte[] data = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(data, data.length);
        try {
            while (!closed) {
                try {
                    packet.setLength(data.length);
                    flow.upstream.socket().receive(packet);
                    flow.lastUsed = System.nanoTime();
                    server.send(ByteBuffer.wrap(data, 0, packet.getLength()), client);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - flow.lastUsed >= IDLE.toNanos()) return;
                } catch (PortUnreachableException e) {
                    // nothing listens in the container (yet): the client's next datagram tries again
                }
            }
        } catch (IOException e) {
            // closed with the port, or the container's address is gone
        } finally {
            flows.remove(client, flow);
            try {
                flow.upstream.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        listener.awaitEnd();
        for (Flow f : flows.values()) f.upstream.close();
        flows.clear();
    }
}
