package berth.daemon.http;

import berth.api.ApiVersion;
import berth.api.UnixSockets;
import berth.daemon.log.Log;
import berth.daemon.route.DaemonVersion;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A Unix socket bound and answering {@code /_ping} before Netty is loaded at all (setting Netty up took most of the
 * time from {@code main} to a listening socket). It speaks only enough HTTP/1.1 for an unversioned {@code GET} or
 * {@code HEAD /_ping} without a body; any other request, with the bytes already read, is handed to the API server
 * once it is up, so it is answered exactly as it would have been. The API server then takes the listening socket over
 * ({@link #handOver}): connections waiting in its backlog are accepted by Netty, none is ever refused.
 */
public final class EarlyListener {
    private static final int MAX_HEAD = 8192;

    private final Path path;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread acceptor;
    /** Where connections that need the full API go (their file descriptor): the API server's, once it is up. */
    private final CompletableFuture<BiConsumer<Integer, byte[]>> adopter = new CompletableFuture<>();
    private volatile boolean stopping;
    /** Netty owns the listening descriptor from the hand-over on: closing it is Netty's job then. */
    private volatile boolean handedOver;

    private EarlyListener(Path path, ServerSocketChannel server, Selector selector) {
        this.path = path;
        this.server = server;
        this.selector = selector;
        // classes, not lambdas, here and for each connection: without AOT-linked classes (bin/berthd) a lambda is spun
        // at its first use, on the path to the first answered /_ping
        this.acceptor = Thread.ofPlatform().name("early-accept").daemon().unstarted(new Acceptor());
    }

    /**
     * Binds {@code path} (after removing a stale socket there) with root-only permissions and starts answering; empty
     * when this JVM does not let berthd read a JDK socket's file descriptor (the jar's manifest exports sun.nio.ch),
     * and Netty binds the socket itself.
     */
    public static Optional<EarlyListener> bind(Path path) throws IOException {
        if (!Object.class.getModule().isExported("sun.nio.ch", EarlyListener.class.getModule())) return Optional.empty();
        SocketFile.prepare(path);
        ServerSocketChannel server = UnixSockets.openServer();
        try {
            server.bind(UnixDomainSocketAddress.of(path), 128);
            SocketFile.restrict(path);
            server.configureBlocking(false);
            Selector selector = UnixSockets.openSelector();
            server.register(selector, SelectionKey.OP_ACCEPT);
            EarlyListener listener = new EarlyListener(path, server, selector);
            listener.acceptor.start();
            return Optional.of(listener);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Stops accepting here and returns the file descriptor of the still-bound listening socket for the API server to
     * accept on; connections this listener still holds go to {@code adopt} (their descriptor, and the bytes already
     * read from them). From here the API server owns those descriptors: the JDK channels here are never closed.
     */
    int handOver(BiConsumer<Integer, byte[]> adopt) throws IOException {
        stopAccepting();
        handedOver = true;
        adopter.complete(adopt);
        return fd(server);
    }

    /**
     * Sets the JDK's Unix socket support up on a thread of its own ({@link UnixSockets#prepare}), beside the reading of
     * the configuration and the preparing of the roots that come before the bind.
     */
    public static void prepare() {
        UnixSockets.prepare();
    }

    /**
     * The channel's file descriptor, by the JDK's own accessor (the jar's manifest exports sun.nio.ch to berthd). Looked
     * up by reflection once the socket answers: only the hand-over needs it.
     */
    private static int fd(Object channel) throws IOException {
        try {
            return (Integer) FdAccessor.GET_FD_VAL.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException | ExceptionInInitializerError e) {
            throw new IOException("cannot read a socket's file descriptor", e);
        }
    }

    private static final class FdAccessor {
        static final Method GET_FD_VAL = getFdVal();

        private static Method getFdVal() {
            try {
                return Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The API server could not start: closes the socket and every connection still waiting for it. */
    public void close() {
        try {
            stopAccepting();
        } catch (IOException e) {
            // closing anyway
        }
        adopter.completeExceptionally(new IOException("the API server did not start"));
        try {
            if (!handedOver) server.close();
        } catch (IOException e) {
            Log.debug("closing the early socket failed", "error", e.getMessage());
        }
    }

    private void stopAccepting() throws IOException {
        stopping = true;
        selector.wakeup();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing the socket over", e);
        }
    }

    private final class Acceptor implements Runnable {
        @Override
        public void run() {
            acceptLoop();
        }
    }

    private final class Server implements Runnable {
        private final SocketChannel client;

        Server(SocketChannel client) {
            this.client = client;
        }

        @Override
        public void run() {
            serve(client);
        }
    }

    private void acceptLoop() {
        try (selector) {
            while (!stopping) {
                selector.select();
                if (stopping) break;
                selector.selectedKeys().clear();
                SocketChannel client;
                while (!stopping && (client = server.accept()) != null) {
                    Thread.ofPlatform().name("early-ping").daemon().start(new Server(client));
                }
            }
            // unregisters the listening socket, so that Netty's selector can take it
            server.keyFor(selector).cancel();
            selector.selectNow();
        } catch (IOException e) {
            Log.debug("early accept loop ended", "error", e.getMessage());
        }
    }

    /** Answers pings on {@code client} until it sends something else, which goes to the API server. */
    private void serve(SocketChannel client) {
        ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        try {
            client.configureBlocking(true);
            while (true) {
                int end = headEnd(in);
                while (end < 0 && in.hasRemaining()) {
                    if (client.read(in) < 0) {
                        client.close();
                        return;
                    }
                    end = headEnd(in);
                }
                byte[] ping = end < 0 ? null : pingAnswer(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1));
                if (ping == null) break;
                client.write(ByteBuffer.wrap(ping));
                // the rest (a pipelined request) stays for the next round
                byte[] rest = Arrays.copyOfRange(in.array(), end, in.position());
                in.clear();
                in.put(rest);
                if (adopter.isDone()) break;
            }
            byte[] pending = Arrays.copyOf(in.array(), in.position());
            BiConsumer<Integer, byte[]> adopt = adopter.join();
            client.configureBlocking(false);
            adopt.accept(fd(client), pending);
        } catch (IOException | RuntimeException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already failed
            }
        }
    }

    /** The length of the request head in {@code in} (through the empty line), or -1 while it is incomplete. */
    static int headEnd(ByteBuffer in) {
        byte[] b = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    /**
     * The response to {@code head} when it is an unversioned {@code GET} or {@code HEAD /_ping} over HTTP/1.1 with
     * no body and no connection options; null for anything else, which the API server answers.
     */
    static byte[] pingAnswer(String head) {
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        if (start.length != 3 || !start[1].equals("/_ping") || !start[2].equals("HTTP/1.1")) return null;
        boolean get = start[0].equals("GET");
        if (!get && !start[0].equals("HEAD")) return null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) return null;
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")
                    || name.equals("expect") || name.equals("upgrade")) {
                return null;
            }
        }
        String answer = "HTTP/1.1 200 OK\r\n"
                + "Builder-Version: 1\r\n"
                + "Swarm: inactive\r\n"
                + "Cache-Control: no-cache, no-store, must-revalidate\r\n"
                + "Pragma: no-cache\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + (get ? 2 : 0) + "\r\n"
                + "Api-Version: " + ApiVersion.CURRENT + "\r\n"
                + "Server: " + DaemonVersion.SERVER_HEADER + "\r\n"
                + "Docker-Experimental: false\r\n"
                + "Ostype: linux\r\n"
                + "\r\n"
                + (get ? "OK" : "");
        return answer.getBytes(StandardCharsets.ISO_8859_1);
    }
}
