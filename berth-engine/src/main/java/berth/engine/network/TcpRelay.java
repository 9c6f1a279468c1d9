package berth.engine.network;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The IPv6 side of a published TCP port: netavark's DNAT covers the networks' own address families only, so a
 * connection to the host's IPv6 addresses (and always to ::1, which no DNAT may leave the host for) reaches the
 * held socket; this accepts it and splices it to the container's address, as Docker's userland proxy does. Each
 * connection is two virtual threads, one per direction; end-of-stream on one side is passed on as a half-close, and
 * both sockets close when both directions are done or either fails. {@link #close} ends the listener and every
 * connection it relays.
 */
final class TcpRelay implements Closeable {
    private static final System.Logger LOG = System.getLogger("berth.network");
    private static final int BUFFER = 32 * 1024;

    private final ServerSocketChannel server;
    private final Supplier<Optional<InetSocketAddress>> target;
    private final boolean ipv4Clients;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final ListenerThread listener;

    /**
     * Relays connections accepted on {@code server} to {@code target}, looked up per connection (the network that
     * answers can change while the container runs). {@code ipv4Clients}: whether IPv4 clients of a dual-stack socket
     * are relayed too (for a port published on both families) or turned away (published on IPv6 only).
     */
    TcpRelay(ServerSocketChannel server, Supplier<Optional<InetSocketAddress>> target, boolean ipv4Clients) {
        this.server = server;
        this.target = target;
        this.ipv4Clients = ipv4Clients;
        this.listener = ListenerThread.start("port-relay-tcp", this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                // out of descriptors, say: the listener stays, and tries again a little later
                LOG.log(System.Logger.Level.WARNING, "relaying a published port: " + e.getMessage());
                pause();
                continue;
            }
            open.add(client);
            if (closed) closeQuietly(client);
            else Thread.ofVirtual().name("port-relay-conn").start(() -> relay(client));
        }
    }

    private void relay(SocketChannel client) {
        SocketChannel upstream = null;
        try {
            if (!ipv4Clients && !(((InetSocketAddress) client.getRemoteAddress()).getAddress() instanceof Inet6Address)) {
                return;
            }
            Optional<InetSocketAddress> to = target.get();
            if (to.isEmpty()) return; // the run's network is going: nothing to relay to
            upstream = SocketChannel.open();
            open.add(upstream);
            if (closed) return;
            upstream.connect(to.get());
            SocketChannel up = upstream;
            Thread back = Thread.ofVirtual().name("port-relay-back").start(() -> pump(up, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // the container refused or is gone: the client sees its connection closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            if (upstream != null) closeQuietly(upstream);
        }
    }

    /** Copies {@code from} to {@code to} until end-of-stream, then half-closes {@code to}; on an error, closes both. */
    private void pump(SocketChannel from, SocketChannel to) {
        // direct: a heap buffer would be copied through a temporary direct one at every read and write
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) to.write(buffer);
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel ch) {
        open.remove(ch);
        try {
            ch.close();
        } catch (IOException e) {
            // closing a connection cannot fail in a way that keeps it open
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        listener.awaitEnd();
        for (SocketChannel ch : open) closeQuietly(ch);
    }
}
