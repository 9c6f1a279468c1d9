package berth.engine.network;

import berth.api.errors.ConflictException;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Published host ports, held open by berthd for as long as they are published. netavark forwards them with DNAT
 * rules and no listener, so without this a host process (or another container) could take the same port and
 * silently lose its traffic; holding the socket makes the second user fail instead, as Podman does. A port any
 * container may have is chosen by the kernel (bind to port 0), so it is free at that moment by construction.
 *
 * <p>A port published without an address is published on IPv4 (0.0.0.0) and, where the host has IPv6, on IPv6 (::)
 * too, as Docker does. Its one socket is dual-stack, so that the same port number is held in both families (the JDK
 * cannot make an IPv6-only socket); IPv4 traffic is DNATed before it reaches it, and what does reach it is relayed to
 * the container ({@link TcpRelay}, {@link UdpRelay}). A port on an IPv4 address is held by an IPv4 socket alone, one
 * on an IPv6 address is relayed.
 */
final class HostPorts {
    private static final String ANY4 = "0.0.0.0";
    private static final String ANY6 = "::";

    private record Key(String protocol, String hostIp, int port) {}

    private record Held(String containerId, Closeable socket) {}

    private final Map<Key, Held> held = new HashMap<>();
    private final Function<String, Optional<String>> addressOf;
    private final BooleanSupplier ipv6;

    /** {@code addressOf}: a container's address that relayed traffic goes to, while its run's network is there. */
    HostPorts(Function<String, Optional<String>> addressOf) {
        this(addressOf, Ipv6Support::listenable);
    }

    /** {@code ipv6}: whether the host can listen on IPv6 (tests stand in for a host without it). */
    HostPorts(Function<String, Optional<String>> addressOf, BooleanSupplier ipv6) {
        this.addressOf = addressOf;
        this.ipv6 = ipv6;
    }

    /** Binds every request for {@code containerId}; on any failure nothing of this call stays bound. */
    synchronized List<PublishedPort> bind(String containerId, String endpointDescription, String containerIp,
                                          List<PortRequest> requests) {
        List<Key> bound = new ArrayList<>();
        try {
            List<PublishedPort> out = new ArrayList<>();
            for (PortRequest r : requests) {
                for (Key k : bindOne(containerId, endpointDescription, containerIp, r)) {
                    bound.add(k);
                    out.add(new PublishedPort(r.protocol(), k.hostIp(), k.port(), r.containerPort()));
                }
            }
            return out;
        } catch (RuntimeException e) {
            for (Key k : bound) closeQuietly(held.remove(k));
            throw e;
        }
    }

    private List<Key> bindOne(String containerId, String endpoint, String containerIp, PortRequest r) {
        if (r.hostPortLow() == 0) return tryBind(containerId, r, 0, endpoint, containerIp);
        ConflictException last = null;
        for (int p = r.hostPortLow(); p <= r.hostPortHigh(); p++) {
            try {
                return tryBind(containerId, r, p, endpoint, containerIp);
            } catch (ConflictException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The addresses a request is published on: an empty one means both wildcards (IPv6's where the host has it). */
    private List<String> addresses(String hostIp) {
        if (!hostIp.isEmpty()) return List.of(hostIp);
        return ipv6.getAsBoolean() ? List.of(ANY4, ANY6) : List.of(ANY4);
    }

    private List<Key> tryBind(String containerId, PortRequest r, int port, String endpoint, String containerIp) {
        List<String> ips = addresses(r.hostIp());
        if (port != 0) {
            for (String ip : ips) {
                if (takenByUs(r.protocol(), ip, port)) {
                    throw new ConflictException("driver failed programming external connectivity on endpoint " + endpoint
                            + ": Bind for " + ip + ":" + port + " failed: port is already allocated");
                }
            }
        }
        // the socket's address: a dual-stack one for both wildcards, else the request's own with its own family
        String socketIp = ips.size() == 2 ? ANY6 : ips.getFirst();
        String shown = ips.getFirst() + ":" + port;
        boolean relayed = socketIp.contains(":");
        try {
            NetworkChannel ch = r.protocol().equals("udp")
                    ? DatagramChannel.open(familyOf(socketIp)) : ServerSocketChannel.open(familyOf(socketIp));
            try {
                if (ch instanceof ServerSocketChannel server) {
                    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    server.bind(new InetSocketAddress(socketIp, port), relayed ? 0 : 1);
                } else {
                    ch.bind(new InetSocketAddress(socketIp, port));
                }
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            int actual = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            Closeable socket = ch;
            if (relayed) {
                boolean ipv4Clients = ips.size() == 2;
                Supplier<Optional<InetSocketAddress>> target =
                        () -> addressOf.apply(containerId).map(a -> new InetSocketAddress(a, r.containerPort()));
                socket = ch instanceof ServerSocketChannel server ? new TcpRelay(server, target, ipv4Clients)
                        : new UdpRelay((DatagramChannel) ch, target, ipv4Clients);
            }
            List<Key> keys = new ArrayList<>();
            for (String ip : ips) {
                Key k = new Key(r.protocol(), ip, actual);
                held.put(k, new Held(containerId, socket));
                keys.add(k);
            }
            return keys;
        } catch (BindException e) {
            throw new ConflictException("driver failed programming external connectivity on endpoint " + endpoint
                    + ": failed to bind host port for " + shown + ":" + containerIp + ":" + r.containerPort() + "/"
                    + r.protocol() + ": address already in use");
        } catch (IOException e) {
            throw new ConflictException("driver failed programming external connectivity on endpoint " + endpoint
                    + ": failed to bind host port for " + shown + ": " + e.getMessage());
        }
    }

    /**
     * The socket's family is its address's: the JDK's default is a dual-stack socket, which for 0.0.0.0 would also
     * hold the IPv6 port, where connections would queue unanswered.
     */
    private static ProtocolFamily familyOf(String hostIp) {
        return hostIp.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Whether one of our ports is {@code ip:port} or overlaps it (a wildcard and an address of its family). */
    private boolean takenByUs(String protocol, String ip, int port) {
        boolean v6 = ip.contains(":");
        for (Key k : held.keySet()) {
            if (!k.protocol().equals(protocol) || k.port() != port || k.hostIp().contains(":") != v6) continue;
            String any = v6 ? ANY6 : ANY4;
            if (k.hostIp().equals(ip) || k.hostIp().equals(any) || ip.equals(any)) return true;
        }
        return false;
    }

    /** Takes the ports of a run again after a berthd restart; a port someone took meanwhile is logged and skipped. */
    synchronized void rebind(String containerId, String containerIp, List<PublishedPort> ports) {
        for (PublishedPort p : ports) {
            // the IPv6 half of a port published on both wildcards is bound with its IPv4 half
            if (p.hostIp().equals(ANY6) && ports.contains(new PublishedPort(p.protocol(), ANY4, p.hostPort(), p.containerPort()))) {
                continue;
            }
            boolean both = p.hostIp().equals(ANY4)
                    && ports.contains(new PublishedPort(p.protocol(), ANY6, p.hostPort(), p.containerPort()));
            try {
                tryBind(containerId, new PortRequest(p.protocol(), both ? "" : p.hostIp(), p.hostPort(), p.hostPort(),
                        p.containerPort()), p.hostPort(), containerId, containerIp);
            } catch (ConflictException e) {
                System.getLogger("berth.network").log(System.Logger.Level.WARNING,
                        "holding published port again: " + e.getMessage());
            }
        }
    }

    synchronized void release(String containerId) {
        held.entrySet().removeIf(e -> {
            if (!e.getValue().containerId().equals(containerId)) return false;
            closeQuietly(e.getValue());
            return true;
        });
    }

    synchronized int count() {
        return held.size();
    }

    private static void closeQuietly(Held h) {
        if (h == null) return;
        try {
            h.socket().close();
        } catch (IOException e) {
            // closing a bound socket does not fail in a way that leaves it bound
        }
    }
}
