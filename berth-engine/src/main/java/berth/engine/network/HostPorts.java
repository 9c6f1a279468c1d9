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
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Published host ports, held open by berthd for as long as they are published. netavark forwards them with DNAT
 * rules and no listener, so without this a host process (or another container) could take the same port and
 * silently lose its traffic; holding the socket makes the second user fail instead, as Podman does. A port any
 * container may have is chosen by the kernel (bind to port 0), so it is free at that moment by construction.
 */
final class HostPorts {
    private record Key(String protocol, String hostIp, int port) {}

    private record Held(String containerId, Closeable socket) {}

    private final Map<Key, Held> held = new HashMap<>();

    /** Binds every request for {@code containerId}; on any failure nothing of this call stays bound. */
    synchronized List<PublishedPort> bind(String containerId, String endpointDescription, String containerIp,
                                          List<PortRequest> requests) {
        List<Key> bound = new ArrayList<>();
        try {
            List<PublishedPort> out = new ArrayList<>();
            for (PortRequest r : requests) {
                Key k = bindOne(containerId, endpointDescription, containerIp, r);
                bound.add(k);
                out.add(new PublishedPort(r.protocol(), r.hostIp(), k.port(), r.containerPort()));
            }
            return out;
        } catch (RuntimeException e) {
            for (Key k : bound) closeQuietly(held.remove(k));
            throw e;
        }
    }

    private Key bindOne(String containerId, String endpoint, String containerIp, PortRequest r) {
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

    private Key tryBind(String containerId, PortRequest r, int port, String endpoint, String containerIp) {
        String shown = r.hostIp() + ":" + port;
        if (port != 0 && takenByUs(r.protocol(), r.hostIp(), port)) {
            throw new ConflictException("driver failed programming external connectivity on endpoint " + endpoint
                    + ": Bind for " + shown + " failed: port is already allocated");
        }
        try {
            Closeable socket;
            int actual;
            if (r.protocol().equals("udp")) {
                DatagramChannel ch = DatagramChannel.open(familyOf(r.hostIp()));
                socket = ch;
                try {
                    ch.bind(new InetSocketAddress(r.hostIp(), port));
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                actual = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            } else {
                ServerSocketChannel ch = ServerSocketChannel.open(familyOf(r.hostIp()));
                socket = ch;
                try {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.bind(new InetSocketAddress(r.hostIp(), port), 1);
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                actual = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            }
            Key k = new Key(r.protocol(), r.hostIp(), actual);
            held.put(k, new Held(containerId, socket));
            return k;
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
     * The socket's family is its address's: the JDK's default is a dual-stack socket, which for 0.0.0.0 also holds
     * the IPv6 port, where connections (not DNATed, as netavark forwards the IPv4 side only) would queue unanswered.
     */
    private static ProtocolFamily familyOf(String hostIp) {
        return hostIp.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private boolean takenByUs(String protocol, String ip, int port) {
        for (Key k : held.keySet()) {
            if (k.protocol().equals(protocol) && k.port() == port
                    && (k.hostIp().equals(ip) || k.hostIp().equals("0.0.0.0") || ip.equals("0.0.0.0"))) {
                return true;
            }
        }
        return false;
    }

    /** Takes the ports of a run again after a berthd restart; a port someone took meanwhile is logged and skipped. */
    synchronized void rebind(String containerId, List<PublishedPort> ports) {
        for (PublishedPort p : ports) {
            try {
                tryBind(containerId, new PortRequest(p.protocol(), p.hostIp(), p.hostPort(), p.hostPort(),
                        p.containerPort()), p.hostPort(), containerId, "");
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
